package dev.flowsentry.detection.config;

import dev.flowsentry.alerts.AlertKind;

/**
 * Every feature a detector compares with its baseline, with its parameter prefix, its alert kind
 * and its default thresholds. Rates ({@link #perSecond()}) are per second of the window; counts are
 * per window.
 */
public enum Metric {
    DOS_PACKETS(
            "dos.packets",
            "packets_per_second",
            true,
            AlertKind.VOLUMETRIC,
            20_000,
            4,
            3,
            10,
            "inbound packets per second to one host"),
    DOS_BYTES(
            "dos.bytes",
            "bytes_per_second",
            true,
            AlertKind.VOLUMETRIC,
            125_000_000,
            4,
            3,
            10,
            "inbound bytes per second to one host"),
    DOS_FLOWS(
            "dos.flows",
            "flows_per_second",
            true,
            AlertKind.VOLUMETRIC,
            3_500,
            4,
            3,
            10,
            "inbound flows per second to one host"),
    DOS_SYN(
            "dos.syn",
            "syn_only_flows_per_second",
            true,
            AlertKind.SYN_FLOOD,
            1_000,
            4,
            3,
            10,
            "inbound TCP flows with SYN and no ACK per second to one host"),
    DOS_UDP(
            "dos.udp",
            "udp_packets_per_second",
            true,
            AlertKind.UDP_FLOOD,
            10_000,
            4,
            3,
            10,
            "inbound UDP packets per second to one host"),
    DOS_ICMP(
            "dos.icmp",
            "icmp_packets_per_second",
            true,
            AlertKind.ICMP_FLOOD,
            2_000,
            4,
            3,
            10,
            "inbound ICMP packets per second to one host"),
    SCAN_HORIZONTAL(
            "scan.horizontal",
            "hosts_on_one_port",
            false,
            AlertKind.HORIZONTAL_SCAN,
            32,
            4,
            3,
            1,
            "hosts one source tried on one port in a window (failed 1, answered weighted)"),
    SCAN_VERTICAL(
            "scan.vertical",
            "ports_on_one_host",
            false,
            AlertKind.VERTICAL_SCAN,
            32,
            4,
            3,
            1,
            "ports one source tried on one host in a window (failed 1, answered weighted)"),
    EXFILTRATION(
            "exfiltration",
            "external_bytes_per_second",
            true,
            AlertKind.EXFILTRATION_VOLUME,
            5_000_000,
            4,
            4,
            10,
            "bytes per second an internal host sends to external networks");

    /** The inbound (DoS) metrics, in slot order. */
    public static final Metric[] INBOUND = {
        DOS_PACKETS, DOS_BYTES, DOS_FLOWS, DOS_SYN, DOS_UDP, DOS_ICMP
    };

    /** The outbound (scan, exfiltration) metrics, in slot order. */
    public static final Metric[] OUTBOUND = {SCAN_HORIZONTAL, SCAN_VERTICAL, EXFILTRATION};

    private final String parameterPrefix;
    private final String metricName;
    private final boolean perSecond;
    private final AlertKind kind;
    private final MetricThresholds defaults;
    private final String description;

    Metric(
            String parameterPrefix,
            String metricName,
            boolean perSecond,
            AlertKind kind,
            double floor,
            double sigma,
            double ratio,
            double warmupFactor,
            String description) {
        this.parameterPrefix = parameterPrefix;
        this.metricName = metricName;
        this.perSecond = perSecond;
        this.kind = kind;
        this.defaults = new MetricThresholds(floor, sigma, ratio, warmupFactor);
        this.description = description;
    }

    /** Prefix of this metric's parameters, for example {@code dos.syn}. */
    public String parameterPrefix() {
        return parameterPrefix;
    }

    /** The alert's {@code metric} field, for example {@code syn_only_flows_per_second}. */
    public String metricName() {
        return metricName;
    }

    public boolean perSecond() {
        return perSecond;
    }

    public AlertKind kind() {
        return kind;
    }

    public MetricThresholds defaults() {
        return defaults;
    }

    public String description() {
        return description;
    }

    /** Index of this metric within {@link #INBOUND} or {@link #OUTBOUND}. */
    public int slot() {
        return ordinal() < INBOUND_COUNT ? ordinal() : ordinal() - INBOUND_COUNT;
    }

    private static final int INBOUND_COUNT = 6;
}
