package dev.flowsentry.decoder.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.decoder.codec.NetFlowDecodeException.Reason;
import dev.flowsentry.flow.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * Real datagrams mutated the way a hostile or broken exporter would (lengths, counts, set ids,
 * template ids, field counts and lengths, random bytes, truncation): over a million cases in all,
 * no exception but {@link NetFlowDecodeException} escapes, and the cache, the fields per template
 * and the held data stay within their configured bounds.
 */
class HostileInputTest {

    private static final int MAX_TEMPLATES = 32;
    private static final int MAX_FIELDS = 48;
    private static final int MAX_HELD_SETS = 8;
    private static final int MAX_HELD_BYTES = 16 * 1024;
    private static final IpAddress[] EXPORTERS = {
        IpAddress.parse("192.0.2.1"), IpAddress.parse("192.0.2.2"), IpAddress.parse("2001:db8::3")
    };
    private static final List<byte[]> CORPUS = corpus();

    private final DecoderCounters counters = new DecoderCounters();
    private final NetFlowDecoder decoder =
            new NetFlowDecoder(
                    DecoderSettings.defaults()
                            .withMaxTemplatesPerExporter(MAX_TEMPLATES)
                            .withMaxFieldsPerTemplate(MAX_FIELDS)
                            .withMaxHeldDataSetsPerExporter(MAX_HELD_SETS)
                            .withMaxHeldBytesPerExporter(MAX_HELD_BYTES)
                            .withMaxHeldAge(Duration.ofSeconds(5))
                            .withTemplateLifetime(Duration.ofSeconds(20)),
                    counters);

    /** The listener path walks every field of every record: a quarter of the cases go there. */
    private final NetFlowDecoder listening =
            new NetFlowDecoder(decoder.settings(), counters, new DecodedRecordListener() {});

    private long clockMs = 1_700_000_000_000L;

    private static List<byte[]> corpus() {
        List<byte[]> corpus = new ArrayList<>();
        for (String file : TruncationCorpus.FILES) {
            corpus.add(Vectors.load(file));
        }
        return corpus;
    }

    @Property(tries = 400_000, shrinking = ShrinkingMode.OFF)
    void randomByteFlipsNeverEscape(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] datagram = pick(random);
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && datagram.length > 0; i++) {
            datagram[random.nextInt(datagram.length)] = (byte) random.nextInt(256);
        }
        decodeAndCheck(random, datagram);
    }

    @Property(tries = 300_000, shrinking = ShrinkingMode.OFF)
    void structuralMutationsNeverEscape(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] datagram = pick(random);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutateStructure(random, datagram);
        }
        decodeAndCheck(random, datagram);
    }

    @Property(tries = 150_000, shrinking = ShrinkingMode.OFF)
    void truncationsNeverEscape(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] datagram = pick(random);
        decodeAndCheck(random, Arrays.copyOf(datagram, random.nextInt(datagram.length + 1)));
    }

    @Property(tries = 150_000, shrinking = ShrinkingMode.OFF)
    void randomBytesBehindAValidVersionNeverEscape(
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 1500) int length) {
        Random random = new Random(seed);
        byte[] datagram = new byte[length];
        random.nextBytes(datagram);
        if (length >= 2) {
            int version = new int[] {5, 9, 10}[random.nextInt(3)];
            datagram[0] = 0;
            datagram[1] = (byte) version;
        }
        decodeAndCheck(random, datagram);
    }

    @Example
    void aTemplateFloodIsBoundedByMaxTemplatesPerExporter() {
        for (int templateId = 256; templateId < 256 + 5000; templateId++) {
            byte[] datagram =
                    LabelledHex.bytes(
                            NetFlowV9Datagrams.v9Header(1, 1000, templateId, 0),
                            "0000 000c | flowset 0, 12 bytes",
                            LabelledHex.hex(templateId, 2) + " 0001 | template id, 1 field",
                            "0008 0004 | sourceIPv4Address");
            try {
                decoder.decode(EXPORTERS[0], datagram, 0, datagram.length, clockMs, record -> {});
            } catch (NetFlowDecodeException e) {
                assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_TEMPLATES);
            }
        }

        assertThat(decoder.templateCount(EXPORTERS[0])).isEqualTo(MAX_TEMPLATES);
        assertThat(counters.decodeErrors(Reason.TOO_MANY_TEMPLATES))
                .isEqualTo(5000 - MAX_TEMPLATES);
    }

    @Example
    void aTemplateWithTooManyFieldsIsRejected() {
        byte[] datagram =
                LabelledHex.bytes(
                        NetFlowV9Datagrams.v9Header(1, 1000, 0, 0),
                        "0000 0008 | flowset 0, 8 bytes",
                        "0100 ffff | template 256 claims 65535 fields");
        try {
            decoder.decode(EXPORTERS[0], datagram, 0, datagram.length, clockMs, record -> {});
            throw new AssertionError("accepted");
        } catch (NetFlowDecodeException e) {
            assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_FIELDS);
            assertThat(e.templateId()).isEqualTo(256);
            assertThat(e.offset()).isEqualTo(26);
        }
    }

    private static byte[] pick(Random random) {
        byte[] original = CORPUS.get(random.nextInt(CORPUS.size()));
        return Arrays.copyOf(original, original.length);
    }

    /** Overwrites a length, count, id or field specifier at a place where one usually is. */
    private static void mutateStructure(Random random, byte[] datagram) {
        if (datagram.length < 24) {
            return;
        }
        int[] headerFields = {2, 16, 20}; // count or length; v9 flowset id; v9 flowset length
        int at =
                random.nextBoolean()
                        ? headerFields[random.nextInt(headerFields.length)]
                        : 4
                                * random.nextInt(
                                        datagram.length / 4); // sets and specifiers are 4-aligned
        at = Math.min(at, datagram.length - 2);
        int value =
                switch (random.nextInt(6)) {
                    case 0 -> 0;
                    case 1 -> 0xFFFF;
                    case 2 -> random.nextInt(4); // set ids 0 to 3, tiny lengths
                    case 3 -> 256 + random.nextInt(64); // plausible template ids
                    case 4 -> random.nextInt(1 << 16);
                    default ->
                            ((datagram[at] & 0xFF) << 8 | (datagram[at + 1] & 0xFF))
                                    + random.nextInt(9)
                                    - 4;
                };
        datagram[at] = (byte) (value >>> 8);
        datagram[at + 1] = (byte) value;
    }

    private void decodeAndCheck(Random random, byte[] datagram) {
        IpAddress exporter = EXPORTERS[random.nextInt(EXPORTERS.length)];
        NetFlowDecoder target = random.nextInt(4) == 0 ? listening : decoder;
        clockMs += random.nextInt(50);
        try {
            target.decode(exporter, datagram, 0, datagram.length, clockMs, record -> {});
        } catch (NetFlowDecodeException expected) {
            assertThat(expected.reason()).isNotEqualTo(Reason.DECODER_FAULT);
        }
        if (random.nextInt(100) == 0) {
            target.expire(clockMs);
        }
        assertThat(target.templateCount(exporter)).isLessThanOrEqualTo(MAX_TEMPLATES);
        assertThat(target.heldDataSetCount(exporter)).isLessThanOrEqualTo(MAX_HELD_SETS);
        assertThat(target.heldBytes(exporter)).isLessThanOrEqualTo(MAX_HELD_BYTES);
        assertThat(counters.decodeErrors(Reason.DECODER_FAULT)).isZero();
    }
}
