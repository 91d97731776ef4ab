package dev.flowsentry.decoder.reliability;

import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.traffic.export.ExportProtocol;
import dev.flowsentry.traffic.export.ExporterSettings;
import dev.flowsentry.traffic.export.FlowExporter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Export datagrams made in advance by the project's own exporter ({@link FlowExporter}) for flows
 * numbered 0, 1, 2... ({@link FlowIdentity}), so that a test can send them faster than any exporter
 * paces itself, and still knows which flows each datagram carries.
 */
final class PreparedExport {

    /** One export datagram and the flows it carries: {@code firstIndex .. + records - 1}. */
    record Datagram(byte[] bytes, long firstIndex, int records, boolean hasTemplates) {}

    private final int stream;
    private final List<Datagram> datagrams;

    private PreparedExport(int stream, List<Datagram> datagrams) {
        this.stream = stream;
        this.datagrams = datagrams;
    }

    /** At least {@code count} datagrams of full-size messages, templates refreshed as usual. */
    static PreparedExport generate(
            int stream, String exporterAddress, ExportProtocol protocol, int count)
            throws IOException {
        return generate(stream, exporterAddress, ExporterStream.settings(protocol), count);
    }

    /** At least {@code count} datagrams made with {@code settings}. */
    static PreparedExport generate(
            int stream, String exporterAddress, ExporterSettings settings, int count)
            throws IOException {
        List<Datagram> datagrams = new ArrayList<>();
        long[] nextIndex = {0};
        IpAddress exporterAddressValue = IpAddress.parse(exporterAddress);
        long endMs = System.currentTimeMillis();
        try (FlowExporter exporter =
                FlowExporter.to(
                        datagram -> {
                            datagrams.add(
                                    new Datagram(
                                            datagram.bytes(),
                                            nextIndex[0],
                                            datagram.dataRecords(),
                                            datagram.hasTemplates()));
                            nextIndex[0] += datagram.dataRecords();
                        },
                        settings)) {
            for (long index = 0; datagrams.size() < count; index++) {
                exporter.export(FlowIdentity.flow(exporterAddressValue, stream, index, endMs));
            }
        }
        return new PreparedExport(stream, datagrams);
    }

    int stream() {
        return stream;
    }

    /** Every datagram, in the order the exporter sent them. */
    List<Datagram> all() {
        return datagrams;
    }

    /** Datagrams {@code from .. to - 1}. */
    List<Datagram> range(int from, int to) {
        return datagrams.subList(from, to);
    }

    /**
     * Sends {@code datagrams} from {@code sourceAddress} to the decoder's port, at {@code
     * perSecond} datagrams a second (0: as fast as the socket takes them); returns how many the
     * kernel accepted.
     */
    static long send(
            List<Datagram> datagrams, String sourceAddress, int collectorPort, int perSecond)
            throws IOException {
        return UdpSender.send(
                datagrams.stream().map(Datagram::bytes).toList(),
                sourceAddress,
                collectorPort,
                perSecond);
    }

    /** Flows of {@code datagrams}. */
    static long flows(List<Datagram> datagrams) {
        return datagrams.stream().mapToLong(Datagram::records).sum();
    }
}
