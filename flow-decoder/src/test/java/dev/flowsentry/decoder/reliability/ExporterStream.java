package dev.flowsentry.decoder.reliability;

import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.traffic.export.ExportDatagram;
import dev.flowsentry.traffic.export.ExportProtocol;
import dev.flowsentry.traffic.export.ExporterSettings;
import dev.flowsentry.traffic.export.FlowExporter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One exporter: the project's own NetFlow v9 / IPFIX exporter ({@link FlowExporter}) sending flows
 * numbered 0, 1, 2... ({@link FlowIdentity}, ending now) from its own loopback address, at a steady
 * rate, on its own thread, until stopped. It logs every datagram it sent (which flows, when, with
 * templates or not), so that a test knows exactly which flows left before, during and after a
 * fault.
 */
final class ExporterStream implements AutoCloseable {

    /** One datagram sent: flows {@code firstIndex .. firstIndex + records - 1} of the stream. */
    record SentDatagram(long firstIndex, int records, long sentNanos, boolean hasTemplates) {}

    private final int stream;
    private final String sourceAddress;
    private final int collectorPort;
    private final int flowsPerSecond;
    private final ExporterSettings settings;
    private final List<SentDatagram> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong flowsSent = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Exception failure;

    /**
     * @param stream 0..255, part of every flow's identity
     * @param sourceAddress the exporter's address, for example 127.0.0.11
     * @param settings the exporter's protocol, template refresh and so on
     */
    ExporterStream(
            int stream,
            String sourceAddress,
            int collectorPort,
            int flowsPerSecond,
            ExporterSettings settings) {
        this.stream = stream;
        this.sourceAddress = sourceAddress;
        this.collectorPort = collectorPort;
        this.flowsPerSecond = flowsPerSecond;
        this.settings = settings;
        this.thread = new Thread(this::run, "exporter-" + sourceAddress);
        thread.setDaemon(true);
    }

    /** NetFlow v9 or IPFIX with the exporter's defaults, as fast as the flows come. */
    static ExporterSettings settings(ExportProtocol protocol) {
        return ExporterSettings.defaults().withProtocol(protocol).withMaxDatagramsPerSecond(0);
    }

    ExporterStream start() {
        thread.start();
        return this;
    }

    /** Stops making flows, sends what the exporter still holds, and waits for the thread. */
    void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        if (failure != null) {
            throw new IllegalStateException("exporter " + sourceAddress + " failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    int stream() {
        return stream;
    }

    /** Flows in the datagrams sent so far. */
    long flowsSent() {
        return flowsSent.get();
    }

    long datagramsSent() {
        return sent.size();
    }

    List<SentDatagram> sent() {
        return List.copyOf(sent);
    }

    private void run() {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(sourceAddress, 0));
            InetSocketAddress collector = new InetSocketAddress("127.0.0.1", collectorPort);
            try (FlowExporter exporter =
                    FlowExporter.to(datagram -> send(channel, collector, datagram), settings)) {
                exportUntilStopped(exporter);
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    private void exportUntilStopped(FlowExporter exporter) throws IOException {
        IpAddress exporterAddress = IpAddress.parse(sourceAddress);
        long startNanos = System.nanoTime();
        long index = 0;
        while (running) {
            long due = (System.nanoTime() - startNanos) * flowsPerSecond / 1_000_000_000L;
            for (; index < due; index++) {
                exporter.export(
                        FlowIdentity.flow(
                                exporterAddress, stream, index, System.currentTimeMillis()));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private void send(DatagramChannel channel, InetSocketAddress collector, ExportDatagram datagram)
            throws IOException {
        channel.send(ByteBuffer.wrap(datagram.bytes()), collector);
        long first = flowsSent.getAndAdd(datagram.dataRecords());
        sent.add(
                new SentDatagram(
                        first, datagram.dataRecords(), System.nanoTime(), datagram.hasTemplates()));
    }
}
