package dev.flowsentry.decoder.reliability;

import dev.flowsentry.traffic.export.ExportProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What hostile, broken and strange exporters send, each from its own loopback address, with the
 * decode error every datagram must cause:
 *
 * <ul>
 *   <li>five addresses outside the allow-list, sending valid NetFlow v9 (not_allowed);
 *   <li>template floods: 5,000 template ids from one NetFlow v9 exporter in 1,400-byte datagrams
 *       and from one IPFIX exporter in datagrams of the maximum UDP size (too_many_templates beyond
 *       the 1,024 an exporter may have);
 *   <li>truncated datagrams of the project's exporter, NetFlow v9 and IPFIX: cut inside the header
 *       (truncated_header), inside a data set (bad_set_length) or below the IPFIX message length
 *       (length_mismatch);
 *   <li>datagrams of the maximum UDP size, 65,507 bytes: a NetFlow v9 set and an IPFIX message
 *       claiming more than that (bad_set_length, length_mismatch), and valid IPFIX messages of that
 *       size from the project's exporter, which must decode whole;
 *   <li>random garbage of 1 to 65,507 bytes (unsupported_version; truncated_header for one byte).
 * </ul>
 */
final class HostileTraffic {

    static final String ALLOW = "127.0.0.41/32,127.0.0.48/29";
    static final String TEMPLATE_FLOOD_V9 = "127.0.0.51";
    static final String TRUNCATING = "127.0.0.52";
    static final String OVERSIZED = "127.0.0.53";
    static final String GARBAGE = "127.0.0.54";
    static final String TEMPLATE_FLOOD_IPFIX = "127.0.0.55";
    static final int MAX_TEMPLATES_PER_EXPORTER = 1024;

    private static final int FLOODED_TEMPLATES = 5000;
    private static final int FLOODED_TEMPLATE_FIELDS = 16;
    private static final int CUTS = 20;

    /** Datagrams from one address, sent at a rate. */
    record Source(String address, List<byte[]> datagrams, int perSecond) {}

    private final List<Source> allowed = new ArrayList<>();
    private final List<Source> notAllowed = new ArrayList<>();
    private final Map<String, Long> expectedErrors = new LinkedHashMap<>();
    private PreparedExport validOversized;

    private HostileTraffic() {}

    static HostileTraffic prepare() throws IOException {
        HostileTraffic traffic = new HostileTraffic();
        traffic.strangers();
        traffic.templateFloods();
        traffic.truncations();
        traffic.oversized();
        traffic.garbage();
        return traffic;
    }

    private void strangers() throws IOException {
        PreparedExport valid =
                PreparedExport.generate(30, "127.0.0.61", ExportProtocol.NETFLOW_V9, 200);
        for (int i = 1; i <= 5; i++) {
            notAllowed.add(new Source("127.0.0.6" + i, bytes(valid.range(0, 200)), 100));
        }
    }

    private void templateFloods() {
        allowed.add(
                new Source(
                        TEMPLATE_FLOOD_V9,
                        HostileDatagrams.templateFlood(
                                9, FLOODED_TEMPLATES, FLOODED_TEMPLATE_FIELDS, 1400),
                        100));
        allowed.add(
                new Source(
                        TEMPLATE_FLOOD_IPFIX,
                        HostileDatagrams.templateFlood(
                                10,
                                FLOODED_TEMPLATES,
                                FLOODED_TEMPLATE_FIELDS,
                                HostileDatagrams.MAX_UDP_PAYLOAD),
                        20));
        expect(
                "too_many_templates",
                HostileDatagrams.floodDatagramsOverTheCap(
                                FLOODED_TEMPLATES,
                                FLOODED_TEMPLATE_FIELDS,
                                1400,
                                9,
                                MAX_TEMPLATES_PER_EXPORTER)
                        + HostileDatagrams.floodDatagramsOverTheCap(
                                FLOODED_TEMPLATES,
                                FLOODED_TEMPLATE_FIELDS,
                                HostileDatagrams.MAX_UDP_PAYLOAD,
                                10,
                                MAX_TEMPLATES_PER_EXPORTER));
    }

    /**
     * The templates first, whole, so that the data of the cut datagrams is known; then cuts inside
     * the header, and cuts inside the data set of data-only datagrams.
     */
    private void truncations() throws IOException {
        List<byte[]> datagrams = new ArrayList<>();
        for (ExportProtocol protocol : ExportProtocol.values()) {
            int headerBytes =
                    protocol == ExportProtocol.NETFLOW_V9
                            ? HostileDatagrams.NETFLOW_V9_HEADER
                            : HostileDatagrams.IPFIX_HEADER;
            int stream = protocol == ExportProtocol.NETFLOW_V9 ? 31 : 32;
            PreparedExport export = PreparedExport.generate(stream, TRUNCATING, protocol, 200);
            datagrams.add(export.all().get(0).bytes());
            List<byte[]> dataOnly =
                    export.all().stream()
                            .filter(datagram -> !datagram.hasTemplates())
                            .map(PreparedExport.Datagram::bytes)
                            .toList();
            for (int length = 0; length < headerBytes; length++) {
                datagrams.add(HostileDatagrams.truncated(dataOnly.get(length), length));
            }
            expect("truncated_header", headerBytes);
            for (int cut = 0; cut < CUTS; cut++) {
                byte[] whole = dataOnly.get(headerBytes + cut);
                int length = headerBytes + 4 + cut * (whole.length - headerBytes - 5) / CUTS;
                datagrams.add(HostileDatagrams.truncated(whole, length));
            }
            expect(
                    protocol == ExportProtocol.NETFLOW_V9 ? "bad_set_length" : "length_mismatch",
                    CUTS);
        }
        allowed.add(new Source(TRUNCATING, datagrams, 100));
    }

    private void oversized() throws IOException {
        validOversized =
                PreparedExport.generate(
                        33,
                        OVERSIZED,
                        ExporterStream.settings(ExportProtocol.IPFIX)
                                .withMaxDatagramBytes(HostileDatagrams.MAX_UDP_PAYLOAD),
                        30);
        List<byte[]> datagrams = new ArrayList<>(bytes(validOversized.all()));
        for (int i = 0; i < CUTS; i++) {
            datagrams.add(HostileDatagrams.v9SetLongerThanTheDatagram());
            datagrams.add(HostileDatagrams.ipfixLongerThanTheDatagram());
        }
        expect("bad_set_length", CUTS);
        expect("length_mismatch", CUTS);
        allowed.add(new Source(OVERSIZED, datagrams, 20));
    }

    private void garbage() {
        Random random = new Random(6);
        List<byte[]> datagrams = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] garbage = HostileDatagrams.garbage(random);
            datagrams.add(garbage);
            expect(garbage.length < 2 ? "truncated_header" : "unsupported_version", 1);
        }
        allowed.add(new Source(GARBAGE, datagrams, 100));
    }

    private void expect(String reason, long datagrams) {
        expectedErrors.merge(reason, datagrams, Long::sum);
    }

    /** Decode errors by reason that the allowed hostile datagrams must cause, exactly. */
    Map<String, Long> expectedErrors() {
        return expectedErrors;
    }

    long allowedDatagrams() {
        return count(allowed);
    }

    long notAllowedDatagrams() {
        return count(notAllowed);
    }

    /** The valid IPFIX messages of the maximum UDP size, whose every flow must land. */
    PreparedExport validOversized() {
        return validOversized;
    }

    /** Sends everything at once, one thread per address, each at its rate; returns the count. */
    long send(int port) throws Exception {
        List<Source> sources = new ArrayList<>(allowed);
        sources.addAll(notAllowed);
        ExecutorService senders = Executors.newFixedThreadPool(sources.size());
        try {
            List<Future<Long>> sent = new ArrayList<>();
            for (Source source : sources) {
                sent.add(
                        senders.submit(
                                () ->
                                        UdpSender.send(
                                                source.datagrams(),
                                                source.address(),
                                                port,
                                                source.perSecond())));
            }
            long total = 0;
            for (Future<Long> future : sent) {
                total += future.get();
            }
            return total;
        } finally {
            senders.shutdownNow();
        }
    }

    private static long count(List<Source> sources) {
        return sources.stream().mapToLong(source -> source.datagrams().size()).sum();
    }

    private static List<byte[]> bytes(List<PreparedExport.Datagram> datagrams) {
        return datagrams.stream().map(PreparedExport.Datagram::bytes).toList();
    }
}
