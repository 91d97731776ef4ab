package dev.flowsentry.traffic.export;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The project's own NetFlow v9 / IPFIX exporter: takes flow records in the order they end and sends
 * export datagrams over UDP to a collector, as a router would (templates refreshed periodically,
 * sequence numbers per RFC, messages paced in scaled real time or as fast as allowed).
 *
 * <p>Each distinct record exporter (with its observation domain) becomes its own observation domain
 * (NetFlow v9 source id) of this one exporting process: the record's observation domain when it has
 * one, else 1, 2, 3... in order of appearance. All datagrams leave from one UDP socket, so a
 * collector sees one exporter address with several domains.
 *
 * <pre>{@code
 * try (FlowExporter exporter = FlowExporter.open(new InetSocketAddress("127.0.0.1", 2055),
 *         ExporterSettings.defaults().withProtocol(ExportProtocol.IPFIX).withSpeed(10))) {
 *     scenario.forEachFlow(exporter::export);
 * }
 * }</pre>
 */
public final class FlowExporter implements AutoCloseable {

    /** Where the messages go: a UDP socket, or a test's list. */
    public interface DatagramSink extends AutoCloseable {
        void send(ExportDatagram datagram) throws IOException;

        @Override
        default void close() {}
    }

    /** What an export sent. */
    public record ExportSummary(
            long records, long datagrams, long bytes, int observationDomains, Duration elapsed) {}

    private final DatagramSink sink;
    private final ExporterSettings settings;
    private final Pacer pacer;
    private final Map<String, ObservationDomainExporter> domains = new LinkedHashMap<>();
    private long records;
    private long datagrams;
    private long bytes;

    FlowExporter(DatagramSink sink, ExporterSettings settings, Pacer pacer) {
        this.sink = sink;
        this.settings = settings;
        this.pacer = pacer;
    }

    /** An exporter sending to {@code collector} from an ephemeral local UDP port. */
    public static FlowExporter open(InetSocketAddress collector, ExporterSettings settings)
            throws IOException {
        return new FlowExporter(new UdpSink(collector), settings, Pacer.realTime(settings));
    }

    /** An exporter handing its messages to {@code sink}, paced on the real clock. */
    public static FlowExporter to(DatagramSink sink, ExporterSettings settings) {
        return new FlowExporter(sink, settings, Pacer.realTime(settings));
    }

    /** Exports every record of {@code flows}, flushes, and returns what was sent. */
    public ExportSummary exportAll(Iterator<FlowRecord> flows) throws IOException {
        while (flows.hasNext()) {
            export(flows.next());
        }
        flush();
        return summary();
    }

    /** Adds one record; sends a message when one is complete. */
    public void export(FlowRecord record) throws IOException {
        records++;
        Optional<ExportDatagram> completed = domainOf(record).add(record);
        if (completed.isPresent()) {
            send(completed.get());
        }
    }

    /** Sends every pending message. */
    public void flush() throws IOException {
        for (ObservationDomainExporter domain : domains.values()) {
            Optional<ExportDatagram> completed = domain.flush();
            if (completed.isPresent()) {
                send(completed.get());
            }
        }
    }

    public ExportSummary summary() {
        return new ExportSummary(records, datagrams, bytes, domains.size(), pacer.elapsed());
    }

    /** Flushes and closes the socket. */
    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            try {
                sink.close();
            } catch (Exception e) {
                throw new IOException("closing the exporter's socket failed", e);
            }
        }
    }

    private ObservationDomainExporter domainOf(FlowRecord record) {
        IpAddress exporter = record.exporter();
        String key = exporter + "/" + record.observationDomain();
        ObservationDomainExporter domain = domains.get(key);
        if (domain == null) {
            domain =
                    new ObservationDomainExporter(
                            settings.protocol(),
                            unusedDomainId(record.observationDomain()),
                            settings);
            domains.put(key, domain);
        }
        return domain;
    }

    /** The record's own domain id unless another exporter already has it, else the next free. */
    private long unusedDomainId(long wanted) {
        Set<Long> used = new HashSet<>();
        domains.values().forEach(domain -> used.add(domain.domainId()));
        long candidate = wanted == FlowRecord.ABSENT ? 1 : wanted;
        while (used.contains(candidate)) {
            candidate++;
        }
        return candidate;
    }

    private void send(ExportDatagram datagram) throws IOException {
        try {
            pacer.awaitSendTime(datagram.exportTimeMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pacing the export");
        }
        sink.send(datagram);
        datagrams++;
        bytes += datagram.bytes().length;
    }

    /** Sends each message as one UDP datagram. */
    private static final class UdpSink implements DatagramSink {
        private final DatagramSocket socket;
        private final InetSocketAddress collector;

        UdpSink(InetSocketAddress collector) throws IOException {
            this.socket = new DatagramSocket();
            this.socket.setSendBufferSize(4 * 1024 * 1024);
            this.collector = collector;
        }

        @Override
        public void send(ExportDatagram datagram) throws IOException {
            socket.send(new DatagramPacket(datagram.bytes(), datagram.bytes().length, collector));
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
