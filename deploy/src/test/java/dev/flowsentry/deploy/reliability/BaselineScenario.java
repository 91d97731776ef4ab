package dev.flowsentry.deploy.reliability;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Flows that tell whether a detection job kept its baselines across a restart, second by second
 * from {@link #start()}:
 *
 * <ul>
 *   <li>all along, {@value #BENIGN_FLOWS_PER_SECOND} answered TCP connections per second to each of
 *       two internal servers, {@link #WARM_HOST} and {@link #FLOOD_VICTIM}: after {@code
 *       baseline.warmup-windows} (12) windows of 10 s their baselines are warm;
 *   <li>a large SYN flood ({@value #LARGE_FLOOD_PER_SECOND} SYN-only flows per second) on {@link
 *       #FLOOD_VICTIM} from {@link #LARGE_FLOOD_START} (once its baseline is warm, so that the
 *       flood is never learnt) to {@link #LARGE_FLOOD_END}: above the SYN floor even during a
 *       warm-up ({@value #SYN_FLOOR} x 10 per second), so any job alerts;
 *   <li>a moderate SYN flood ({@value #MODERATE_FLOOD_PER_SECOND} per second) on {@link #WARM_HOST}
 *       from {@link #MODERATE_FLOOD_START} to {@link #MODERATE_FLOOD_END}: above the plain floor
 *       but below the warm-up floor, so only a job that knows the host's baseline alerts.
 * </ul>
 *
 * <p>The two servers' flows come from two exporters, one per partition of a two-partition topic, so
 * that both partitions carry traffic every second (no idle partition holds the watermark).
 */
final class BaselineScenario {

    static final IpAddress WARM_HOST = IpAddress.parse("10.0.7.7");
    static final IpAddress FLOOD_VICTIM = IpAddress.parse("10.0.8.8");
    static final int SYN_FLOOR = 20;
    static final int BENIGN_FLOWS_PER_SECOND = 4;
    static final int LARGE_FLOOD_PER_SECOND = 400;
    static final int MODERATE_FLOOD_PER_SECOND = 60;
    static final Duration LARGE_FLOOD_START = Duration.ofSeconds(130);
    static final Duration LARGE_FLOOD_END = Duration.ofSeconds(180);
    static final Duration MODERATE_FLOOD_START = Duration.ofSeconds(160);
    static final Duration MODERATE_FLOOD_END = Duration.ofSeconds(200);

    /** The last flows end before this: long enough after the floods for every alert to end. */
    static final Duration END = Duration.ofSeconds(250);

    private static final IpAddress[] EXPORTERS = {
        IpAddress.parse("192.0.2.1"), IpAddress.parse("192.0.2.2")
    };
    private static final int TCP_ACKNOWLEDGED_CONNECTION = 0x1b; // FIN, SYN, PSH, ACK
    private static final int TCP_SYN_ONLY = 0x02;

    /** One flow and the partition (one per exporter) it goes to. */
    record PartitionedFlow(int partition, FlowRecord flow) {}

    private final Instant start;
    private final FlowRecord.Builder builder = FlowRecord.builder();
    private final long[] sequences = new long[EXPORTERS.length];

    BaselineScenario(Instant start) {
        this.start = start;
    }

    Instant start() {
        return start;
    }

    Instant at(Duration offset) {
        return start.plus(offset);
    }

    /** The flows that end in {@code [from, until)} after the start, in flow-end order. */
    List<PartitionedFlow> flows(Duration from, Duration until) {
        List<PartitionedFlow> flows = new ArrayList<>();
        for (long second = from.toSeconds(); second < until.toSeconds(); second++) {
            addSecond(Duration.ofSeconds(second), flows);
        }
        return flows;
    }

    private void addSecond(Duration second, List<PartitionedFlow> flows) {
        int largeFlood =
                within(second, LARGE_FLOOD_START, LARGE_FLOOD_END) ? LARGE_FLOOD_PER_SECOND : 0;
        int moderateFlood =
                within(second, MODERATE_FLOOD_START, MODERATE_FLOOD_END)
                        ? MODERATE_FLOOD_PER_SECOND
                        : 0;
        long secondStartMs = start.plus(second).toEpochMilli();
        int slots = Math.max(largeFlood, Math.max(moderateFlood, BENIGN_FLOWS_PER_SECOND));
        for (int slot = 0; slot < slots; slot++) {
            long endMs = secondStartMs + slot * 1000L / slots;
            if (slot < BENIGN_FLOWS_PER_SECOND) {
                flows.add(benign(0, WARM_HOST, slot, endMs));
                flows.add(benign(1, FLOOD_VICTIM, slot, endMs));
            }
            if (slot < moderateFlood) {
                flows.add(synOnly(0, WARM_HOST, slot, endMs));
            }
            if (slot < largeFlood) {
                flows.add(synOnly(1, FLOOD_VICTIM, slot, endMs));
            }
        }
    }

    private static boolean within(Duration second, Duration from, Duration until) {
        return second.compareTo(from) >= 0 && second.compareTo(until) < 0;
    }

    private PartitionedFlow benign(int exporter, IpAddress server, int client, long endMs) {
        IpAddress source = IpAddress.parse("198.51.100." + (10 + client));
        builder.reset()
                .srcPort(40_000 + client)
                .packets(12)
                .bytes(6_000)
                .flowStartMs(endMs - 2_000);
        return flow(exporter, source, server, 443, TCP_ACKNOWLEDGED_CONNECTION, endMs);
    }

    private PartitionedFlow synOnly(int exporter, IpAddress victim, int index, long endMs) {
        IpAddress spoofed = IpAddress.parse("203.0.113." + (1 + index % 250));
        builder.reset().srcPort(1024 + index).packets(1).bytes(60).flowStartMs(endMs);
        return flow(exporter, spoofed, victim, 80, TCP_SYN_ONLY, endMs);
    }

    /** The flow in the builder, completed with what every flow of the scenario shares. */
    private PartitionedFlow flow(
            int exporter,
            IpAddress source,
            IpAddress destination,
            int destinationPort,
            int tcpFlags,
            long endMs) {
        builder.exporter(EXPORTERS[exporter])
                .observationDomain(0)
                .version(10)
                .sequence(sequences[exporter]++)
                .flowEndMs(endMs)
                .receivedMs(endMs + 500)
                .srcAddr(source)
                .dstAddr(destination)
                .dstPort(destinationPort)
                .protocol(FlowRecord.PROTOCOL_TCP)
                .tcpFlags(tcpFlags);
        return new PartitionedFlow(exporter, builder.build());
    }
}
