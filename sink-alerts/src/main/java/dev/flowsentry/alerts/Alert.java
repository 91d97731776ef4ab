package dev.flowsentry.alerts;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One alert message: a detector's finding about one host at one point of its lifecycle.
 *
 * <p>An incident has one stable {@link #id()} across its {@code start}, its {@code update}s and its
 * {@code end}; {@link #sequence()} counts the messages of that incident from 0, so that {@link
 * #eventId()} is unique per message and consumers can drop duplicates.
 *
 * <p>The host the alert concerns ({@link #host()}) is the Kafka key: the victim of a DoS, the
 * scanner, the exfiltrating host. {@link #sourceIp()} is the actor and {@link #destinationIp()} the
 * victim or main peer, as in the Elastic Common Schema.
 *
 * <p>Build one with {@link #builder()}; every instance is immutable and validated.
 */
public final class Alert implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Value of {@link #destinationPort()} and {@link #protocol()} when they do not apply. */
    public static final int NONE = -1;

    private final String id;
    private final int sequence;
    private final AlertKind kind;
    private final AlertState state;
    private final Instant timestamp;
    private final Instant start;
    private final Instant end;
    private final String host;
    private final String sourceIp;
    private final String destinationIp;
    private final int destinationPort;
    private final int protocol;
    private final String hostGroup;
    private final String metric;
    private final double observed;
    private final double baseline;
    private final double threshold;
    private final Severity severity;
    private final Evidence evidence;

    private Alert(Builder builder) {
        this.id = require(builder.id, "id");
        this.sequence = builder.sequence;
        this.kind = require(builder.kind, "kind");
        this.state = require(builder.state, "state");
        this.timestamp = require(builder.timestamp, "timestamp");
        this.start = require(builder.start, "start");
        this.end = require(builder.end, "end");
        this.host = require(builder.host, "host");
        this.sourceIp = builder.sourceIp;
        this.destinationIp = builder.destinationIp;
        this.destinationPort = builder.destinationPort;
        this.protocol = builder.protocol;
        this.hostGroup = builder.hostGroup;
        this.metric = require(builder.metric, "metric");
        this.observed = builder.observed;
        this.baseline = builder.baseline;
        this.threshold = builder.threshold;
        this.severity = require(builder.severity, "severity");
        this.evidence = builder.evidence == null ? Evidence.builder().build() : builder.evidence;
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, found " + sequence);
        }
        if (end.isBefore(start)) {
            throw new IllegalArgumentException(
                    "alert end " + end + " is before its start " + start);
        }
    }

    /** An empty builder; {@link Builder#build()} says which required field is missing. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this alert, to derive the next message of the incident. */
    public Builder toBuilder() {
        return new Builder()
                .id(id)
                .sequence(sequence)
                .kind(kind)
                .state(state)
                .timestamp(timestamp)
                .start(start)
                .end(end)
                .host(host)
                .sourceIp(sourceIp)
                .destinationIp(destinationIp)
                .destinationPort(destinationPort)
                .protocol(protocol)
                .hostGroup(hostGroup)
                .metric(metric)
                .observed(observed)
                .baseline(baseline)
                .threshold(threshold)
                .severity(severity)
                .evidence(evidence);
    }

    /** The incident id, stable from start to end. */
    public String id() {
        return id;
    }

    /** Position of this message in its incident: 0 for the start. */
    public int sequence() {
        return sequence;
    }

    /** Unique per message: {@code <id>-<sequence>}. */
    public String eventId() {
        return id + "-" + sequence;
    }

    /** What the detector found: type, subtype, rule and MITRE ATT&amp;CK technique. */
    public AlertKind kind() {
        return kind;
    }

    /** The alert family, {@code alert.type} on the wire: {@code dos}, {@code scan}... */
    public AlertType type() {
        return kind.type();
    }

    /**
     * The subtype code, {@code alert.subtype} on the wire: {@code syn_flood}, {@code vertical}...
     */
    public String subtype() {
        return kind.subtype();
    }

    /** Where the incident is in its lifecycle: start, update or end. */
    public AlertState state() {
        return state;
    }

    /** When this message was produced, in event time: the end of the window it reports. */
    public Instant timestamp() {
        return timestamp;
    }

    /** Start of the incident: the start of the first window that raised it. */
    public Instant start() {
        return start;
    }

    /** End of the last window the incident covers so far. */
    public Instant end() {
        return end;
    }

    /** The host the alert concerns, as an IP address text; the Kafka key. */
    public String host() {
        return host;
    }

    /** The actor (scanner, exfiltrating host, the top flood source), or null. */
    public String sourceIp() {
        return sourceIp;
    }

    /** The victim of a DoS or the main external peer of an exfiltration, or null. */
    public String destinationIp() {
        return destinationIp;
    }

    /** The destination port the alert centres on (scanned port, flooded port), or {@link #NONE}. */
    public int destinationPort() {
        return destinationPort;
    }

    /** The IP protocol number the alert centres on, or {@link #NONE}. */
    public int protocol() {
        return protocol;
    }

    /** The configured host group whose thresholds applied, or null for the defaults. */
    public String hostGroup() {
        return hostGroup;
    }

    /**
     * Name of the observed feature, for example {@code syn_flows} or {@code bytes_out_external}.
     */
    public String metric() {
        return metric;
    }

    /** The feature's value in the reported window. */
    public double observed() {
        return observed;
    }

    /** The host's own baseline (mean) for the feature before this incident. */
    public double baseline() {
        return baseline;
    }

    /** The threshold the value crossed: the larger of the baseline bound and the absolute floor. */
    public double threshold() {
        return threshold;
    }

    /** How far the observed value went beyond its threshold. */
    public Severity severity() {
        return severity;
    }

    /** What the detector saw in the window: totals, distinct counts, top contributors. */
    public Evidence evidence() {
        return evidence;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Alert)) {
            return false;
        }
        Alert that = (Alert) other;
        return sequence == that.sequence
                && destinationPort == that.destinationPort
                && protocol == that.protocol
                && Double.compare(observed, that.observed) == 0
                && Double.compare(baseline, that.baseline) == 0
                && Double.compare(threshold, that.threshold) == 0
                && id.equals(that.id)
                && kind == that.kind
                && state == that.state
                && timestamp.equals(that.timestamp)
                && start.equals(that.start)
                && end.equals(that.end)
                && host.equals(that.host)
                && Objects.equals(sourceIp, that.sourceIp)
                && Objects.equals(destinationIp, that.destinationIp)
                && Objects.equals(hostGroup, that.hostGroup)
                && metric.equals(that.metric)
                && severity == that.severity
                && evidence.equals(that.evidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, sequence, state);
    }

    @Override
    public String toString() {
        return "Alert{"
                + kind.ruleId()
                + ' '
                + state.code()
                + " id="
                + eventId()
                + " host="
                + host
                + " "
                + metric
                + "="
                + observed
                + " baseline="
                + baseline
                + " threshold="
                + threshold
                + " severity="
                + severity.label()
                + " window="
                + start
                + ".."
                + end
                + '}';
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("alert " + name + " is required");
        }
        return value;
    }

    /** Builds an {@link Alert}; {@link #build()} checks that every required field is set. */
    public static final class Builder {
        private String id;
        private int sequence;
        private AlertKind kind;
        private AlertState state;
        private Instant timestamp;
        private Instant start;
        private Instant end;
        private String host;
        private String sourceIp;
        private String destinationIp;
        private int destinationPort = NONE;
        private int protocol = NONE;
        private String hostGroup;
        private String metric;
        private double observed;
        private double baseline;
        private double threshold;
        private Severity severity;
        private Evidence evidence;

        private Builder() {}

        public Builder id(String value) {
            id = value;
            return this;
        }

        public Builder sequence(int value) {
            sequence = value;
            return this;
        }

        public Builder kind(AlertKind value) {
            kind = value;
            return this;
        }

        public Builder state(AlertState value) {
            state = value;
            return this;
        }

        public Builder timestamp(Instant value) {
            timestamp = value;
            return this;
        }

        public Builder start(Instant value) {
            start = value;
            return this;
        }

        public Builder end(Instant value) {
            end = value;
            return this;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder sourceIp(String value) {
            sourceIp = value;
            return this;
        }

        public Builder destinationIp(String value) {
            destinationIp = value;
            return this;
        }

        public Builder destinationPort(int value) {
            destinationPort = value;
            return this;
        }

        public Builder protocol(int value) {
            protocol = value;
            return this;
        }

        public Builder hostGroup(String value) {
            hostGroup = value;
            return this;
        }

        public Builder metric(String value) {
            metric = value;
            return this;
        }

        public Builder observed(double value) {
            observed = value;
            return this;
        }

        public Builder baseline(double value) {
            baseline = value;
            return this;
        }

        public Builder threshold(double value) {
            threshold = value;
            return this;
        }

        public Builder severity(Severity value) {
            severity = value;
            return this;
        }

        public Builder evidence(Evidence value) {
            evidence = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first missing or inconsistent field
         */
        public Alert build() {
            return new Alert(this);
        }
    }
}
