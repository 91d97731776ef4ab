package dev.flowsentry.decoder.bench;

import dev.flowsentry.decoder.codec.DecoderCounters;
import dev.flowsentry.decoder.codec.DecoderSettings;
import dev.flowsentry.decoder.codec.NetFlowDecodeException;
import dev.flowsentry.decoder.codec.NetFlowDecoder;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Pure decoding throughput on one thread, in flow records per second, for datagrams shaped like
 * softflowd's: 30 records a datagram, softflowd's v9/IPFIX template (16 fields, 46-byte records)
 * and the 48-byte v5 record. Every record becomes a {@link FlowRecord} handed to a consumer.
 *
 * <p>Run: {@code mvn -B -o -pl flow-decoder test-compile exec:exec -Dexec.executable=java
 * -Dexec.classpathScope=test "-Dexec.args=-cp %classpath org.openjdk.jmh.Main DecodeBench"}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
public class DecodeBench {

    static final int RECORDS_PER_DATAGRAM = 30;
    private static final int DATAGRAMS = 64;
    private static final IpAddress EXPORTER = IpAddress.parse("192.0.2.1");
    private static final int TEMPLATE_ID = 1024;
    private static final long RECEIVED_MS = 1_700_000_000_000L;

    /** softflowd's template 1024: element id and length of each field. */
    private static final int[][] SOFTFLOWD_FIELDS = {
        {8, 4}, {12, 4}, {22, 4}, {21, 4}, {1, 4}, {2, 4}, {10, 4}, {14, 4},
        {61, 1}, {136, 1}, {7, 2}, {11, 2}, {4, 1}, {6, 1}, {60, 1}, {5, 1}
    };

    @Param({"5", "9", "10"})
    public int version;

    private final byte[][] datagrams = new byte[DATAGRAMS][];
    private NetFlowDecoder decoder;
    private Consumer<FlowRecord> consumer;
    private int next;

    @Setup
    public void setUp(Blackhole blackhole) throws NetFlowDecodeException {
        consumer = blackhole::consume;
        decoder = new NetFlowDecoder(DecoderSettings.defaults(), new DecoderCounters());
        Random random = new Random(42);
        for (int i = 0; i < DATAGRAMS; i++) {
            datagrams[i] = version == 5 ? netFlowV5(random, i) : templateBased(random, i, false);
        }
        if (version != 5) {
            byte[] template = templateBased(random, 0, true);
            decoder.decode(EXPORTER, template, 0, template.length, RECEIVED_MS, record -> {});
        }
        int[] records = {0};
        decoder.decode(
                EXPORTER, datagrams[0], 0, datagrams[0].length, RECEIVED_MS, r -> records[0]++);
        if (records[0] != RECORDS_PER_DATAGRAM) {
            throw new IllegalStateException("decoded " + records[0] + " records, not 30");
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS_PER_DATAGRAM)
    public void decode() throws NetFlowDecodeException {
        byte[] datagram = datagrams[next++ & (DATAGRAMS - 1)];
        decoder.decode(EXPORTER, datagram, 0, datagram.length, RECEIVED_MS, consumer);
    }

    private static byte[] netFlowV5(Random random, int sequence) {
        ByteBuffer buffer = ByteBuffer.allocate(24 + RECORDS_PER_DATAGRAM * 48);
        buffer.putShort((short) 5).putShort((short) RECORDS_PER_DATAGRAM).putInt(3_600_000);
        buffer.putInt(1_700_000_000).putInt(0).putInt(sequence * RECORDS_PER_DATAGRAM).putInt(0);
        for (int i = 0; i < RECORDS_PER_DATAGRAM; i++) {
            buffer.putInt(0x0A00_0000 | random.nextInt(1 << 16))
                    .putInt(0xC633_6400 | random.nextInt(256));
            buffer.putInt(0).putShort((short) 1).putShort((short) 2);
            buffer.putInt(1 + random.nextInt(100)).putInt(40 + random.nextInt(100_000));
            buffer.putInt(3_500_000 + random.nextInt(50_000)).putInt(3_590_000);
            buffer.putShort((short) (1024 + random.nextInt(60_000))).putShort((short) 443);
            buffer.put((byte) 0).put((byte) 0x1b).put((byte) 6).put((byte) 0);
            buffer.putShort((short) 0)
                    .putShort((short) 0)
                    .put((byte) 0)
                    .put((byte) 0)
                    .putShort((short) 0);
        }
        return buffer.array();
    }

    /** A v9 or IPFIX message: the template alone, or a data set of 30 records. */
    private byte[] templateBased(Random random, int sequence, boolean template) {
        int recordLength = 0;
        for (int[] field : SOFTFLOWD_FIELDS) {
            recordLength += field[1];
        }
        int setLength =
                4
                        + (template
                                ? 4 + 4 * SOFTFLOWD_FIELDS.length
                                : RECORDS_PER_DATAGRAM * recordLength);
        int headerLength = version == 9 ? 20 : 16;
        ByteBuffer buffer = ByteBuffer.allocate(headerLength + setLength);
        if (version == 9) {
            buffer.putShort((short) 9).putShort((short) (template ? 1 : RECORDS_PER_DATAGRAM));
            buffer.putInt(3_600_000).putInt(1_700_000_000).putInt(sequence).putInt(0);
        } else {
            buffer.putShort((short) 10).putShort((short) (headerLength + setLength));
            buffer.putInt(1_700_000_000).putInt(sequence * RECORDS_PER_DATAGRAM).putInt(0);
        }
        if (template) {
            buffer.putShort((short) (version == 9 ? 0 : 2)).putShort((short) setLength);
            buffer.putShort((short) TEMPLATE_ID).putShort((short) SOFTFLOWD_FIELDS.length);
            for (int[] field : SOFTFLOWD_FIELDS) {
                buffer.putShort((short) field[0]).putShort((short) field[1]);
            }
            return buffer.array();
        }
        buffer.putShort((short) TEMPLATE_ID).putShort((short) setLength);
        for (int i = 0; i < RECORDS_PER_DATAGRAM; i++) {
            buffer.putInt(0x0A00_0000 | random.nextInt(1 << 16))
                    .putInt(0xC633_6400 | random.nextInt(256));
            buffer.putInt(3_500_000 + random.nextInt(50_000)).putInt(3_590_000);
            buffer.putInt(40 + random.nextInt(100_000)).putInt(1 + random.nextInt(100));
            buffer.putInt(0).putInt(0).put((byte) 0).put((byte) 3);
            buffer.putShort((short) (1024 + random.nextInt(60_000))).putShort((short) 443);
            buffer.put((byte) 6).put((byte) 0x1b).put((byte) 4).put((byte) 0);
        }
        return buffer.array();
    }
}
