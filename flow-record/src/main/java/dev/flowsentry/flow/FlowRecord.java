package dev.flowsentry.flow;

import java.io.Serializable;

/**
 * One flow as the decoder publishes it to the flows topic and the detection job reads it: the
 * contract between the two, encoded by {@link FlowRecordJson} and described by {@code
 * flow-record.schema.json} next to this class.
 *
 * <p>Counters are as exported: a consumer multiplies {@link #packets()} and {@link #bytes()} by
 * {@link #samplingRate()} (1 when unsampled) to estimate the traffic. Times are absolute epoch
 * milliseconds; the decoder converts sysUptime-relative exporter times. Optional numeric fields
 * that the exporter did not send hold {@link #ABSENT} and are left out of the JSON; an absent next
 * hop is null.
 *
 * @param exporter address the export datagram came from
 * @param observationDomain NetFlow v9 source id or IPFIX observation domain id; 0 for v5
 * @param version export protocol: 5, 9 or 10 (IPFIX)
 * @param sequence the export header's sequence number (unit differs per version)
 * @param flowStartMs first packet of the flow, epoch milliseconds
 * @param flowEndMs last packet of the flow, epoch milliseconds
 * @param receivedMs when the collector received the datagram, epoch milliseconds
 * @param tcpFlags cumulative OR of TCP flags, or {@link #ABSENT}
 * @param direction 0 ingress, 1 egress (IPFIX flowDirection), or {@link #ABSENT}
 * @param srcMac source MAC address as 48 bits, or {@link #ABSENT}
 * @param dstMac destination MAC address as 48 bits, or {@link #ABSENT}
 */
public record FlowRecord(
        IpAddress exporter,
        long observationDomain,
        int version,
        long sequence,
        long flowStartMs,
        long flowEndMs,
        long receivedMs,
        IpAddress srcAddr,
        IpAddress dstAddr,
        int srcPort,
        int dstPort,
        int protocol,
        int icmpType,
        int icmpCode,
        long packets,
        long bytes,
        long samplingRate,
        int tcpFlags,
        int tos,
        long inputIf,
        long outputIf,
        long srcAs,
        long dstAs,
        IpAddress nextHop,
        int direction,
        int srcMask,
        int dstMask,
        int vlan,
        int mplsLabel,
        long srcMac,
        long dstMac)
        implements Serializable {

    /** Version of this contract, written in every JSON record as {@code schema_version}. */
    public static final int SCHEMA_VERSION = 1;

    /** Value of an optional numeric field that the exporter did not send. */
    public static final int ABSENT = -1;

    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int PROTOCOL_ICMPV6 = 58;

    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;

    public FlowRecord {
        if (exporter == null || srcAddr == null || dstAddr == null) {
            throw new IllegalArgumentException("exporter, src_addr and dst_addr are required");
        }
        if (samplingRate < 1) {
            throw new IllegalArgumentException(
                    "sampling_rate must be at least 1, found " + samplingRate);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Packets scaled by the sampling rate: the estimate of what crossed the exporter. */
    public long scaledPackets() {
        return packets * samplingRate;
    }

    /** Bytes scaled by the sampling rate. */
    public long scaledBytes() {
        return bytes * samplingRate;
    }

    public boolean isIcmp() {
        return protocol == PROTOCOL_ICMP || protocol == PROTOCOL_ICMPV6;
    }

    /**
     * The Kafka record key: exporter and observation domain, so that one exporter's records stay in
     * one partition and in order. For example {@code 192.0.2.1/0}.
     */
    public String partitionKey() {
        return exporter + "/" + observationDomain;
    }

    /** A mutable builder; {@link #reset()} makes it reusable across records. */
    public static final class Builder {
        private IpAddress exporter;
        private long observationDomain;
        private int version;
        private long sequence;
        private long flowStartMs;
        private long flowEndMs;
        private long receivedMs;
        private IpAddress srcAddr;
        private IpAddress dstAddr;
        private int srcPort;
        private int dstPort;
        private int protocol;
        private int icmpType;
        private int icmpCode;
        private long packets;
        private long bytes;
        private long samplingRate;
        private int tcpFlags;
        private int tos;
        private long inputIf;
        private long outputIf;
        private long srcAs;
        private long dstAs;
        private IpAddress nextHop;
        private int direction;
        private int srcMask;
        private int dstMask;
        private int vlan;
        private int mplsLabel;
        private long srcMac;
        private long dstMac;

        private Builder() {
            reset();
        }

        /** Clears every field: optional ones to {@link #ABSENT}, the sampling rate to 1. */
        public Builder reset() {
            exporter = null;
            observationDomain = 0;
            version = 0;
            sequence = 0;
            flowStartMs = 0;
            flowEndMs = 0;
            receivedMs = 0;
            srcAddr = null;
            dstAddr = null;
            srcPort = 0;
            dstPort = 0;
            protocol = 0;
            icmpType = ABSENT;
            icmpCode = ABSENT;
            packets = 0;
            bytes = 0;
            samplingRate = 1;
            tcpFlags = ABSENT;
            tos = ABSENT;
            inputIf = ABSENT;
            outputIf = ABSENT;
            srcAs = ABSENT;
            dstAs = ABSENT;
            nextHop = null;
            direction = ABSENT;
            srcMask = ABSENT;
            dstMask = ABSENT;
            vlan = ABSENT;
            mplsLabel = ABSENT;
            srcMac = ABSENT;
            dstMac = ABSENT;
            return this;
        }

        /** Copies every field of {@code record}. */
        public Builder from(FlowRecord record) {
            exporter = record.exporter;
            observationDomain = record.observationDomain;
            version = record.version;
            sequence = record.sequence;
            flowStartMs = record.flowStartMs;
            flowEndMs = record.flowEndMs;
            receivedMs = record.receivedMs;
            srcAddr = record.srcAddr;
            dstAddr = record.dstAddr;
            srcPort = record.srcPort;
            dstPort = record.dstPort;
            protocol = record.protocol;
            icmpType = record.icmpType;
            icmpCode = record.icmpCode;
            packets = record.packets;
            bytes = record.bytes;
            samplingRate = record.samplingRate;
            tcpFlags = record.tcpFlags;
            tos = record.tos;
            inputIf = record.inputIf;
            outputIf = record.outputIf;
            srcAs = record.srcAs;
            dstAs = record.dstAs;
            nextHop = record.nextHop;
            direction = record.direction;
            srcMask = record.srcMask;
            dstMask = record.dstMask;
            vlan = record.vlan;
            mplsLabel = record.mplsLabel;
            srcMac = record.srcMac;
            dstMac = record.dstMac;
            return this;
        }

        public Builder exporter(IpAddress value) {
            exporter = value;
            return this;
        }

        public Builder observationDomain(long value) {
            observationDomain = value;
            return this;
        }

        public Builder version(int value) {
            version = value;
            return this;
        }

        public Builder sequence(long value) {
            sequence = value;
            return this;
        }

        public Builder flowStartMs(long value) {
            flowStartMs = value;
            return this;
        }

        public Builder flowEndMs(long value) {
            flowEndMs = value;
            return this;
        }

        public Builder receivedMs(long value) {
            receivedMs = value;
            return this;
        }

        public Builder srcAddr(IpAddress value) {
            srcAddr = value;
            return this;
        }

        public Builder dstAddr(IpAddress value) {
            dstAddr = value;
            return this;
        }

        public Builder srcPort(int value) {
            srcPort = value;
            return this;
        }

        public Builder dstPort(int value) {
            dstPort = value;
            return this;
        }

        public Builder protocol(int value) {
            protocol = value;
            return this;
        }

        public Builder icmpType(int value) {
            icmpType = value;
            return this;
        }

        public Builder icmpCode(int value) {
            icmpCode = value;
            return this;
        }

        public Builder packets(long value) {
            packets = value;
            return this;
        }

        public Builder bytes(long value) {
            bytes = value;
            return this;
        }

        public Builder samplingRate(long value) {
            samplingRate = value;
            return this;
        }

        public Builder tcpFlags(int value) {
            tcpFlags = value;
            return this;
        }

        public Builder tos(int value) {
            tos = value;
            return this;
        }

        public Builder inputIf(long value) {
            inputIf = value;
            return this;
        }

        public Builder outputIf(long value) {
            outputIf = value;
            return this;
        }

        public Builder srcAs(long value) {
            srcAs = value;
            return this;
        }

        public Builder dstAs(long value) {
            dstAs = value;
            return this;
        }

        public Builder nextHop(IpAddress value) {
            nextHop = value;
            return this;
        }

        public Builder direction(int value) {
            direction = value;
            return this;
        }

        public Builder srcMask(int value) {
            srcMask = value;
            return this;
        }

        public Builder dstMask(int value) {
            dstMask = value;
            return this;
        }

        public Builder vlan(int value) {
            vlan = value;
            return this;
        }

        public Builder mplsLabel(int value) {
            mplsLabel = value;
            return this;
        }

        public Builder srcMac(long value) {
            srcMac = value;
            return this;
        }

        public Builder dstMac(long value) {
            dstMac = value;
            return this;
        }

        public IpAddress srcAddr() {
            return srcAddr;
        }

        public IpAddress dstAddr() {
            return dstAddr;
        }

        public long flowEndMs() {
            return flowEndMs;
        }

        /**
         * @throws IllegalArgumentException when exporter or an address is missing or the sampling
         *     rate is below 1
         */
        public FlowRecord build() {
            return new FlowRecord(
                    exporter,
                    observationDomain,
                    version,
                    sequence,
                    flowStartMs,
                    flowEndMs,
                    receivedMs,
                    srcAddr,
                    dstAddr,
                    srcPort,
                    dstPort,
                    protocol,
                    icmpType,
                    icmpCode,
                    packets,
                    bytes,
                    samplingRate,
                    tcpFlags,
                    tos,
                    inputIf,
                    outputIf,
                    srcAs,
                    dstAs,
                    nextHop,
                    direction,
                    srcMask,
                    dstMask,
                    vlan,
                    mplsLabel,
                    srcMac,
                    dstMac);
        }
    }
}
