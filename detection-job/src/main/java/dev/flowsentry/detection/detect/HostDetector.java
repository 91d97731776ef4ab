package dev.flowsentry.detection.detect;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.AlertState;
import dev.flowsentry.alerts.Severity;
import dev.flowsentry.detection.baseline.Ewma;
import dev.flowsentry.detection.config.DetectionSettings;
import dev.flowsentry.detection.config.HostGroup;
import dev.flowsentry.detection.config.Metric;
import dev.flowsentry.detection.config.MetricThresholds;
import dev.flowsentry.detection.features.HostWindow;
import dev.flowsentry.detection.model.HostAddress;
import dev.flowsentry.detection.model.HostKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The part every detector shares: per-host baselines in keyed state, the decision (above the floor
 * AND above the baseline bound), and the alert lifecycle.
 *
 * <p>For each window of features of a host, in event time: windows the host had no traffic in are
 * first learnt as zeros; then each metric is compared with its threshold ({@link
 * dev.flowsentry.detection.config.MetricThresholds}); metrics below it are learnt, metrics above
 * are not (an attack does not become the norm). During a host's warm-up ({@code
 * baseline.warmup-windows}), a metric with a warm-up factor above 1 (DoS and exfiltration by
 * default) faces its floor times that factor and learns every window, so that a host already busy
 * when the job first sees it settles on its own level; a metric with factor 1 (scans by default)
 * never learns a firing window, so that a new scanner keeps alerting while it scans. An alert kind
 * whose metric fires starts an incident ({@code start}), repeats an {@code update} every {@code
 * alert.update-interval} while it fires, and ends ({@code end}) after {@code
 * alert.end-after-quiet-windows} quiet windows; an event-time timer ends it when the host goes
 * silent. The incident id is a name-based UUID of host, kind and start, so that a replay gives the
 * same ids. After an end, the same kind cannot start again on that host during {@code
 * alert.cooldown}.
 *
 * <p>Severity comes from the incident's peak ratio of value to threshold ({@link
 * Severity#ofRatio(double)}: below 2x low, below 5x medium, below 20x high, beyond critical). State
 * expires after {@code state.ttl} of processing time without a write.
 *
 * @param <F> the features this detector reads
 */
public abstract class HostDetector<F extends HostWindow>
        extends KeyedProcessFunction<HostKey, F, Alert> {

    private static final long serialVersionUID = 1L;

    /** Name of the keyed state, for state processor and tests. */
    public static final String STATE_NAME = "host-detector-state";

    protected final DetectionSettings settings;
    private final Metric[] metrics;
    private final AlertKind[] kinds;

    private transient ValueState<DetectorState> state;
    private transient Counter alertsStarted;
    private transient Counter startsSuppressedByCooldown;

    protected HostDetector(DetectionSettings settings, Metric[] metrics, AlertKind[] kinds) {
        this.settings = settings;
        this.metrics = metrics.clone();
        this.kinds = kinds.clone();
    }

    /** The values of the metrics, in slot order, per second for rates. */
    protected abstract double[] values(F features);

    /** Whether {@code host} is on the allow-list of {@code kind}'s detector. */
    protected abstract boolean isAllowed(HostKey host, AlertKind kind);

    /** Fills actor, victim, port, protocol and evidence; {@code features} is null for a gap. */
    protected abstract void describe(Alert.Builder alert, AlertKind kind, HostKey host, F features);

    /**
     * Whether a host that has no state yet gets a baseline although nothing fired. True by default;
     * the scan and exfiltration detector keeps none for external sources, so that a flood from
     * spoofed addresses (each a new source sending a flow or two) leaves no state behind.
     */
    protected boolean keepsQuietNewHost(HostKey host) {
        return true;
    }

    /** Lets a subclass drop a firing kind given the others (typing by traffic mix). */
    protected void refine(int[] firingMetric, DetectorState state) {}

    /** The state descriptor, with the TTL that makes idle hosts cost nothing. */
    public static ValueStateDescriptor<DetectorState> stateDescriptor(DetectionSettings settings) {
        ValueStateDescriptor<DetectorState> descriptor =
                new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(DetectorState.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(settings.stateTtl())
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupIncrementally(2, false)
                        .build());
        return descriptor;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor(settings));
        alertsStarted = getRuntimeContext().getMetricGroup().counter("alertsStarted");
        startsSuppressedByCooldown =
                getRuntimeContext().getMetricGroup().counter("alertStartsSuppressedByCooldown");
    }

    @Override
    public void processElement(F features, Context context, Collector<Alert> out) throws Exception {
        HostKey host = context.getCurrentKey();
        DetectorState current = state.value();
        boolean isNew = current == null;
        if (isNew) {
            current = DetectorState.create(metrics.length);
            current.lastWindowEndMs = features.windowStartMs();
        } else {
            catchUp(current, host, features.windowStartMs(), out);
        }
        evaluate(current, host, features, values(features), features.windowStartMs(), out);
        if (isNew && !current.hasActiveIncident() && !keepsQuietNewHost(host)) {
            return;
        }
        state.update(current);
        scheduleEnd(current, context);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<Alert> out)
            throws Exception {
        DetectorState current = state.value();
        if (current == null || !current.hasActiveIncident()) {
            return;
        }
        catchUp(current, context.getCurrentKey(), timestamp + 1, out);
        state.update(current);
        scheduleEnd(current, context);
    }

    private void scheduleEnd(DetectorState current, Context context) {
        if (current.hasActiveIncident()) {
            long endMs =
                    current.lastWindowEndMs + settings.endAfterQuietWindows() * settings.windowMs();
            context.timerService().registerEventTimeTimer(endMs - 1);
        }
    }

    /** Learns the windows without traffic before {@code untilMs} as zeros. */
    private void catchUp(DetectorState current, HostKey host, long untilMs, Collector<Alert> out) {
        long windowMs = settings.windowMs();
        long missing = (untilMs - current.lastWindowEndMs) / windowMs;
        if (missing <= 0) {
            return;
        }
        double[] zeros = new double[metrics.length];
        long evaluated = 0;
        while (evaluated < missing && current.hasActiveIncident()) {
            evaluate(current, host, null, zeros, current.lastWindowEndMs, out);
            evaluated++;
        }
        long rest = missing - evaluated;
        Ewma.decay(current.mean, current.variance, settings.baselineAlpha(), rest);
        current.windows += rest;
        current.lastWindowEndMs += rest * windowMs;
    }

    private void evaluate(
            DetectorState current,
            HostKey host,
            F features,
            double[] values,
            long startMs,
            Collector<Alert> out) {
        HostGroup group = settings.groupOf(host.high, host.low);
        boolean warm = current.windows >= settings.warmupWindows();
        double[] thresholds = new double[metrics.length];
        int[] firingMetric = new int[kinds.length];
        Arrays.fill(firingMetric, -1);
        for (int slot = 0; slot < metrics.length; slot++) {
            thresholds[slot] =
                    group.thresholds(metrics[slot])
                            .threshold(current.mean[slot], current.variance[slot], warm);
            boolean firing = values[slot] > thresholds[slot];
            if (firing) {
                strongest(firingMetric, slot, values, thresholds);
            }
            if (!firing || (!warm && thresholds(group, slot).warmupFactor() > 1)) {
                learn(current, slot, values[slot]);
            }
        }
        refine(firingMetric, current);
        long endMs = startMs + settings.windowMs();
        Window window = new Window(host, group, features, values, thresholds, startMs, endMs);
        for (int kind = 0; kind < kinds.length; kind++) {
            boolean firing = firingMetric[kind] >= 0 && !isAllowed(host, kinds[kind]);
            lifecycle(current, window, kind, firing ? firingMetric[kind] : -1, out);
        }
        current.windows++;
        current.lastWindowEndMs = endMs;
    }

    private MetricThresholds thresholds(HostGroup group, int slot) {
        return group.thresholds(metrics[slot]);
    }

    private void learn(DetectorState current, int slot, double value) {
        if (current.windows == 0) {
            Ewma.start(current.mean, current.variance, slot, value);
        } else {
            Ewma.update(current.mean, current.variance, slot, value, settings.baselineAlpha());
        }
    }

    private void strongest(int[] firingMetric, int slot, double[] values, double[] thresholds) {
        int kind = kindSlot(metrics[slot].kind());
        int previous = firingMetric[kind];
        if (previous < 0
                || values[slot] / thresholds[slot] > values[previous] / thresholds[previous]) {
            firingMetric[kind] = slot;
        }
    }

    /** The slot of {@code kind} in this detector. */
    protected int kindSlot(AlertKind kind) {
        for (int slot = 0; slot < kinds.length; slot++) {
            if (kinds[slot] == kind) {
                return slot;
            }
        }
        throw new IllegalArgumentException("detector has no kind " + kind);
    }

    private void lifecycle(
            DetectorState current, Window window, int kind, int metricSlot, Collector<Alert> out) {
        boolean active = current.isActive(kind);
        if (metricSlot < 0) {
            if (active && ++current.quietWindows[kind] >= settings.endAfterQuietWindows()) {
                emit(current, window, kind, AlertState.END, out);
                current.incidentStartMs[kind] = 0;
                current.cooldownUntilMs[kind] = window.endMs + settings.cooldown().toMillis();
            }
            return;
        }
        current.ensureIncidents(kinds.length);
        double ratio = window.values[metricSlot] / window.thresholds[metricSlot];
        if (active) {
            continueIncident(current, window, kind, metricSlot, ratio, out);
        } else if (current.inCooldown(kind, window.startMs)) {
            startsSuppressedByCooldown.inc();
        } else {
            current.incidentStartMs[kind] = window.startMs;
            current.peakRatio[kind] = ratio;
            current.sequence[kind] = -1;
            markFiring(current, window, kind, metricSlot);
            alertsStarted.inc();
            emit(current, window, kind, AlertState.START, out);
        }
    }

    private void continueIncident(
            DetectorState current,
            Window window,
            int kind,
            int metricSlot,
            double ratio,
            Collector<Alert> out) {
        current.peakRatio[kind] = Math.max(current.peakRatio[kind], ratio);
        markFiring(current, window, kind, metricSlot);
        if (window.endMs - current.lastEmittedMs[kind] >= settings.updateInterval().toMillis()) {
            emit(current, window, kind, AlertState.UPDATE, out);
        }
    }

    private void markFiring(DetectorState current, Window window, int kind, int slot) {
        current.quietWindows[kind] = 0;
        current.lastFiringEndMs[kind] = window.endMs;
        current.metricSlot[kind] = slot;
    }

    private void emit(
            DetectorState current,
            Window window,
            int kind,
            AlertState alertState,
            Collector<Alert> out) {
        int slot = current.metricSlot[kind];
        Metric metric = metrics[slot];
        long startMs = current.incidentStartMs[kind];
        long endMs = alertState == AlertState.END ? current.lastFiringEndMs[kind] : window.endMs;
        current.sequence[kind]++;
        current.lastEmittedMs[kind] = window.endMs;
        Alert.Builder alert =
                Alert.builder()
                        .id(incidentId(window.host, kinds[kind], startMs))
                        .sequence(current.sequence[kind])
                        .kind(kinds[kind])
                        .state(alertState)
                        .timestamp(Instant.ofEpochMilli(window.endMs))
                        .start(Instant.ofEpochMilli(startMs))
                        .end(Instant.ofEpochMilli(Math.max(startMs, endMs)))
                        .host(window.host.toString())
                        .hostGroup(window.group.name())
                        .metric(metric.metricName())
                        .observed(window.values[slot])
                        .baseline(current.mean[slot])
                        .threshold(window.thresholds[slot])
                        .severity(Severity.ofRatio(current.peakRatio[kind]));
        // An end reports the quiet window: its traffic says nothing about the incident's actors.
        describe(
                alert,
                kinds[kind],
                window.host,
                alertState == AlertState.END ? null : window.features);
        out.collect(alert.build());
    }

    /** The incident id: a name-based (type 3) UUID of host, kind and start. */
    public static String incidentId(HostKey host, AlertKind kind, long startMs) {
        String name = HostAddress.text(host.high, host.low) + "/" + kind.ruleId() + "/" + startMs;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** One evaluated window, for building its alerts. */
    private final class Window {
        final HostKey host;
        final HostGroup group;
        final F features;
        final double[] values;
        final double[] thresholds;
        final long startMs;
        final long endMs;

        Window(
                HostKey host,
                HostGroup group,
                F features,
                double[] values,
                double[] thresholds,
                long startMs,
                long endMs) {
            this.host = host;
            this.group = group;
            this.features = features;
            this.values = values;
            this.thresholds = thresholds;
            this.startMs = startMs;
            this.endMs = endMs;
        }
    }
}
