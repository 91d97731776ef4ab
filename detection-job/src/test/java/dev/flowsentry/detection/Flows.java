package dev.flowsentry.detection;

import dev.flowsentry.detection.config.DetectionSettings;
import dev.flowsentry.detection.config.JobConfig;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostAddress;
import dev.flowsentry.detection.model.HostKey;
import dev.flowsentry.flow.IpAddress;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: flows, hosts and settings with readable defaults. */
public final class Flows {

    private Flows() {}

    public static HostKey host(String address) {
        IpAddress parsed = IpAddress.parse(address);
        return new HostKey(HostAddress.high(parsed), HostAddress.low(parsed));
    }

    /** A flow from {@code source} to {@code destination}, ended at {@code endMs}. */
    public static FlowEvent flow(String source, String destination, long endMs) {
        FlowEvent flow = new FlowEvent();
        HostKey src = host(source);
        HostKey dst = host(destination);
        flow.srcHigh = src.high;
        flow.srcLow = src.low;
        flow.dstHigh = dst.high;
        flow.dstLow = dst.low;
        flow.endMs = endMs;
        flow.protocol = 6;
        flow.srcPort = 50000;
        flow.dstPort = 443;
        flow.tcpFlags = 0x1B;
        flow.packets = 10;
        flow.bytes = 5000;
        flow.srcInternal = source.startsWith("10.");
        flow.dstInternal = destination.startsWith("10.");
        return flow;
    }

    public static FlowEvent tcp(
            String source, String destination, int port, int flags, long packets) {
        FlowEvent flow = flow(source, destination, 1);
        flow.dstPort = port;
        flow.tcpFlags = flags;
        flow.packets = packets;
        flow.bytes = packets * 60;
        return flow;
    }

    /**
     * A UDP flow to {@code port} of {@code packets} as the exporter counted them, sampled one in
     * {@code samplingRate}: its counters scaled as the job's parser scales them.
     */
    public static FlowEvent udp(
            String source, String destination, int port, long packets, long samplingRate) {
        FlowEvent flow = flow(source, destination, 1);
        flow.protocol = 17;
        flow.tcpFlags = -1;
        flow.srcPort = 40_000;
        flow.dstPort = port;
        return sampled(flow, packets, 512, samplingRate);
    }

    /**
     * An ICMP echo request flow of {@code packets} as exported, sampled one in {@code
     * samplingRate}.
     */
    public static FlowEvent echoRequest(
            String source, String destination, long packets, long samplingRate) {
        FlowEvent flow = flow(source, destination, 1);
        flow.protocol = 1;
        flow.tcpFlags = -1;
        flow.srcPort = 0;
        flow.dstPort = 8 << 8;
        flow.icmpType = 8;
        return sampled(flow, packets, 84, samplingRate);
    }

    private static FlowEvent sampled(
            FlowEvent flow, long packets, long bytesPerPacket, long samplingRate) {
        flow.samplingRate = samplingRate;
        flow.packets = packets * samplingRate;
        flow.bytes = flow.packets * bytesPerPacket;
        return flow;
    }

    /** Settings from the job's parameter parser: defaults plus {@code name value} pairs. */
    public static DetectionSettings settings(String... overrides) {
        return config(overrides).settings();
    }

    public static JobConfig config(String... overrides) {
        List<String> arguments = new ArrayList<>(List.of("--bootstrap-servers", "localhost:9092"));
        arguments.addAll(List.of(overrides));
        return JobConfig.parse(arguments.toArray(String[]::new));
    }
}
