package dev.flowsentry.traffic.scenario;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A deterministic, labelled traffic scenario: benign background, benign heavy hitters and six
 * attacks, as flow records in event-time order with their ground-truth labels.
 *
 * <p>The same seed and scale always give the same flows. The timeline is:
 *
 * <ul>
 *   <li>from the start: a benign background of {@code 60 x scale} internal clients (web browsing
 *       and DNS, with a slow wave and Poisson noise), a few lightly used internal servers, and the
 *       benign heavy hitters: a busy web server ({@code 10.0.1.10}, many external clients), a DNS
 *       resolver ({@code 10.0.0.53}, many small UDP flows) and a steady backup upload from {@code
 *       10.0.3.20} to an external backup target;
 *   <li>after the warm-up (default 5 minutes, enough for the job's baselines), every 30 seconds one
 *       attack starts: a SYN flood with spoofed sources, a UDP flood, an ICMP flood, a horizontal
 *       scan of {@code 10.0.2.0/24} on port 22, a vertical scan of {@code 10.0.1.50} and an
 *       exfiltration from {@code 10.0.3.15};
 *   <li>then two quiet minutes of background, so that every alert can end.
 * </ul>
 *
 * <p>{@code scale} multiplies every volume (hosts, connections, flood rates, bytes) but not the
 * scans, which touch a fixed number of hosts and ports. Scale 1 is the demo size, about 790k
 * packets in 270k flows (scale 0.5 halves both) for a pcap for softflowd; scale 20 or more makes a
 * benchmark input of millions of flows. {@link #detectionArguments()} gives the job parameters
 * whose floors fit the scale; the job's built-in defaults are sized for real networks.
 *
 * <pre>{@code
 * LabelledScenario scenario = LabelledScenario.builder().seed(7).scale(1).build();
 * scenario.forEachFlow(record -> producer.send(...));
 * List<ScenarioLabel> truth = scenario.labels();
 * }</pre>
 *
 * <p>Instances are immutable; {@link #flows()} and {@link #forEachFlow(Consumer)} generate the
 * flows anew, lazily, one second of traffic at a time.
 */
public final class LabelledScenario {

    /** The internal networks of the scenario, for the job's {@code --internal-networks}. */
    public static final String INTERNAL_NETWORKS = "10.0.0.0/8";

    static final IpAddress WEB_SERVER = IpAddress.parse("10.0.1.10");
    static final IpAddress DNS_RESOLVER = IpAddress.parse("10.0.0.53");
    static final IpAddress BACKUP_HOST = IpAddress.parse("10.0.3.20");
    static final IpAddress BACKUP_TARGET = IpAddress.parse("198.51.100.10");
    static final IpAddress SYN_VICTIM = IpAddress.parse("10.0.1.20");
    static final IpAddress UDP_VICTIM = IpAddress.parse("10.0.1.30");
    static final IpAddress ICMP_VICTIM = IpAddress.parse("10.0.1.40");
    static final IpAddress VERTICAL_TARGET = IpAddress.parse("10.0.1.50");
    static final IpAddress HORIZONTAL_SCANNER = IpAddress.parse("203.0.113.66");
    static final IpAddress VERTICAL_SCANNER = IpAddress.parse("198.51.100.77");
    static final IpAddress EXFILTRATION_HOST = IpAddress.parse("10.0.3.15");
    static final IpAddress EXFILTRATION_PEER = IpAddress.parse("203.0.113.200");

    private final long seed;
    private final double scale;
    private final Instant start;
    private final Duration warmup;
    private final int exporters;
    private final List<ScenarioLabel> labels;

    private LabelledScenario(Builder builder) {
        this.seed = builder.seed;
        this.scale = builder.scale;
        this.start = builder.start;
        this.warmup = builder.warmup;
        this.exporters = builder.exporters;
        this.labels = List.copyOf(new Timeline(this).labels());
    }

    public static Builder builder() {
        return new Builder();
    }

    public long seed() {
        return seed;
    }

    public double scale() {
        return scale;
    }

    /** Event time of the first flow. */
    public Instant start() {
        return start;
    }

    /** Benign traffic only, before the first attack. */
    public Duration warmup() {
        return warmup;
    }

    /** Number of exporters (routers) the flows are spread over, one Kafka key each. */
    public int exporters() {
        return exporters;
    }

    /** Length of the whole scenario in event time. */
    public Duration duration() {
        return warmup.plus(Timeline.ATTACKS_SPAN).plus(Timeline.TAIL);
    }

    /** Event time just after the last flow. */
    public Instant end() {
        return start.plus(duration());
    }

    /** Every label: the attacks first, in start order, then the benign heavy hitters. */
    public List<ScenarioLabel> labels() {
        return labels;
    }

    /** The attack labels only. */
    public List<ScenarioLabel> attacks() {
        return labels.stream().filter(ScenarioLabel::isAttack).toList();
    }

    /** The benign heavy hitters only. */
    public List<ScenarioLabel> benignHeavyHitters() {
        return labels.stream().filter(label -> !label.isAttack()).toList();
    }

    /** Every flow in event-time (flow end) order, generated lazily. */
    public Iterator<FlowRecord> flows() {
        return new FlowIterator(new TrafficGenerator(this));
    }

    /** Passes every flow, in event-time order, to {@code consumer}. */
    public void forEachFlow(Consumer<FlowRecord> consumer) {
        Iterator<FlowRecord> flows = flows();
        while (flows.hasNext()) {
            consumer.accept(flows.next());
        }
    }

    /**
     * The detection job parameters (name without {@code --}, value) whose floors fit this
     * scenario's scale; the job's other defaults apply. For a 10 s window.
     */
    public Map<String, String> detectionParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("internal-networks", INTERNAL_NETWORKS);
        parameters.put("window", "10s");
        parameters.put("dos.packets.floor", floor(500));
        parameters.put("dos.bytes.floor", floor(50_000));
        parameters.put("dos.flows.floor", floor(20));
        parameters.put("dos.syn.floor", floor(20));
        parameters.put("dos.udp.floor", floor(100));
        parameters.put("dos.icmp.floor", floor(30));
        parameters.put("exfiltration.floor", floor(100_000));
        parameters.put("scan.horizontal.floor", "20");
        parameters.put("scan.vertical.floor", "20");
        return parameters;
    }

    /** {@link #detectionParameters()} as command-line arguments: {@code --name value} pairs. */
    public List<String> detectionArguments() {
        List<String> arguments = new ArrayList<>();
        detectionParameters()
                .forEach(
                        (name, value) -> {
                            arguments.add("--" + name);
                            arguments.add(value);
                        });
        return arguments;
    }

    private String floor(double perSecondAtScaleOne) {
        return Long.toString(Math.max(1, Math.round(perSecondAtScaleOne * scale)));
    }

    /** Builds a {@link LabelledScenario}; every setting has a default. */
    public static final class Builder {
        private long seed = 42;
        private double scale = 1;
        private Instant start = Instant.parse("2026-01-05T09:00:00Z");
        private Duration warmup = Duration.ofMinutes(5);
        private int exporters = 4;

        private Builder() {}

        /** Seed of the pseudo-random generator; default 42. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Volume multiplier, above 0 and at most 1000; default 1 (the demo size). */
        public Builder scale(double value) {
            if (!(value > 0 && value <= 1000)) {
                throw new IllegalArgumentException(
                        "scale must be above 0 and at most 1000, found " + value);
            }
            scale = value;
            return this;
        }

        /** Event time of the first flow, truncated to the second; default 2026-01-05T09:00Z. */
        public Builder start(Instant value) {
            start = Objects.requireNonNull(value, "start").truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        /** Benign traffic before the first attack, whole seconds of at least one minute. */
        public Builder warmup(Duration value) {
            if (value.compareTo(Duration.ofMinutes(1)) < 0 || value.toMillisPart() != 0) {
                throw new IllegalArgumentException(
                        "warmup must be whole seconds of at least 1 minute, found " + value);
            }
            warmup = value;
            return this;
        }

        /** Number of exporters (routers) to spread the flows over, 1 to 64; default 4. */
        public Builder exporters(int value) {
            if (value < 1 || value > 64) {
                throw new IllegalArgumentException(
                        "exporters must be between 1 and 64, found " + value);
            }
            exporters = value;
            return this;
        }

        public LabelledScenario build() {
            return new LabelledScenario(this);
        }
    }

    /** Iterates one second of traffic at a time, sorted by flow end. */
    private static final class FlowIterator implements Iterator<FlowRecord> {
        private static final Comparator<FlowRecord> BY_END =
                Comparator.comparingLong(FlowRecord::flowEndMs);

        private final TrafficGenerator generator;
        private final List<FlowRecord> slice = new ArrayList<>();
        private int position;

        FlowIterator(TrafficGenerator generator) {
            this.generator = generator;
        }

        @Override
        public boolean hasNext() {
            while (position == slice.size()) {
                if (!generator.hasNextSecond()) {
                    return false;
                }
                slice.clear();
                position = 0;
                generator.nextSecond(slice);
                slice.sort(BY_END);
            }
            return true;
        }

        @Override
        public FlowRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return slice.get(position++);
        }
    }
}
