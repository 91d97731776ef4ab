package dev.flowsentry.decoder.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The HTTP endpoint: {@code /metrics} in Prometheus text format (the Prometheus Java client's own
 * server), and {@code /health}: 200 with a short text when the decoder receives and publishes, 503
 * with the reason otherwise.
 */
public final class MetricsServer implements AutoCloseable {

    /** The health verdict and its one-line explanation. */
    public record Health(boolean healthy, String detail) {}

    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /** Starts serving on {@code address:port}; port 0 picks a free one. */
    public static MetricsServer start(
            String address, int port, PrometheusRegistry registry, Supplier<Health> health)
            throws IOException {
        HTTPServer server =
                HTTPServer.builder()
                        .hostname(address)
                        .port(port)
                        .registry(registry)
                        .defaultHandler(exchange -> handle(exchange, health))
                        .buildAndStart();
        return new MetricsServer(server);
    }

    private static void handle(HttpExchange exchange, Supplier<Health> health) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int status;
        String body;
        if (path.equals("/health")) {
            Health verdict = health.get();
            status = verdict.healthy() ? 200 : 503;
            body = (verdict.healthy() ? "ok: " : "unavailable: ") + verdict.detail() + "\n";
        } else if (path.equals("/")) {
            status = 200;
            body = "flow-decoder: see /metrics and /health\n";
        } else {
            status = 404;
            body = "not found\n";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
