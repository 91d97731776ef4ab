package dev.flowsentry.alerts.forwarder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP server (the JDK's) that records every POST and answers with a status chosen per
 * request; it can hold requests until released, to play a slow SIEM.
 */
final class RecordingWebhook implements AutoCloseable {

    /** One request as received. */
    record Request(long arrivalNanos, String body, String authorization, String contentType) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile IntUnaryOperator statusOfRequest = index -> 200;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile int holdFrom = Integer.MAX_VALUE;

    RecordingWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The status of the n-th request (0-based). */
    void answer(IntUnaryOperator status) {
        statusOfRequest = status;
    }

    /** Holds the n-th request (0-based) and every later one until {@link #release()}. */
    void holdFrom(int index) {
        gate = new CountDownLatch(1);
        holdFrom = index;
    }

    /** Answers the held requests and stops holding. */
    void release() {
        holdFrom = Integer.MAX_VALUE;
        gate.countDown();
    }

    /** The {@code event.id} of every request body, in arrival order (ECS bodies only). */
    List<String> eventIds() {
        List<String> ids = new ArrayList<>();
        for (Request request : requests) {
            try {
                ids.add(MAPPER.readTree(request.body()).at("/event/id").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body =
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int index;
            synchronized (requests) {
                index = requests.size();
                requests.add(
                        new Request(
                                System.nanoTime(),
                                body,
                                exchange.getRequestHeaders().getFirst("Authorization"),
                                exchange.getRequestHeaders().getFirst("Content-Type")));
            }
            if (index >= holdFrom) {
                gate.await(60, TimeUnit.SECONDS);
            }
            exchange.sendResponseHeaders(statusOfRequest.applyAsInt(index), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
