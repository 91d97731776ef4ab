package dev.flowsentry.detection.detect;

/**
 * Everything a detector keeps about one host: the baseline of each metric and the state of each
 * alert kind's incident. Primitive arrays in one Flink POJO, so that a host costs one small object
 * graph on the heap and one short record in RocksDB; the incident arrays exist only once the host
 * has had an incident.
 */
public class DetectorState {

    /** Baseline mean per metric slot. */
    public double[] mean;

    /** Baseline variance per metric slot. */
    public double[] variance;

    /** Windows learnt, empty ones included. */
    public long windows;

    /** End of the last window evaluated, epoch milliseconds. */
    public long lastWindowEndMs;

    /** Per kind slot: start of the ongoing incident, or 0 when none. Null until needed. */
    public long[] incidentStartMs;

    /** Per kind slot: end of the incident's last firing window. */
    public long[] lastFiringEndMs;

    /** Per kind slot: time of the incident's last message. */
    public long[] lastEmittedMs;

    /** Per kind slot: sequence of the incident's last message. */
    public int[] sequence;

    /** Per kind slot: consecutive quiet windows of the ongoing incident. */
    public int[] quietWindows;

    /** Per kind slot: no new incident may start before this time. */
    public long[] cooldownUntilMs;

    /** Per kind slot: the highest value-to-threshold ratio of the incident. */
    public double[] peakRatio;

    /** Per kind slot: the metric slot that raised the incident. */
    public int[] metricSlot;

    public DetectorState() {}

    static DetectorState create(int metrics) {
        DetectorState state = new DetectorState();
        state.mean = new double[metrics];
        state.variance = new double[metrics];
        return state;
    }

    void ensureIncidents(int kinds) {
        if (incidentStartMs == null) {
            incidentStartMs = new long[kinds];
            lastFiringEndMs = new long[kinds];
            lastEmittedMs = new long[kinds];
            sequence = new int[kinds];
            quietWindows = new int[kinds];
            cooldownUntilMs = new long[kinds];
            peakRatio = new double[kinds];
            metricSlot = new int[kinds];
        }
    }

    boolean isActive(int kind) {
        return incidentStartMs != null && incidentStartMs[kind] != 0;
    }

    boolean hasActiveIncident() {
        if (incidentStartMs == null) {
            return false;
        }
        for (long start : incidentStartMs) {
            if (start != 0) {
                return true;
            }
        }
        return false;
    }

    boolean inCooldown(int kind, long timeMs) {
        return cooldownUntilMs != null && timeMs < cooldownUntilMs[kind];
    }
}
