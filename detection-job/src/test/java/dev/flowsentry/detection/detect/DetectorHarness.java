package dev.flowsentry.detection.detect;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertKind;
import dev.flowsentry.alerts.AlertState;
import dev.flowsentry.detection.DetectionPipeline;
import dev.flowsentry.detection.features.HostWindow;
import dev.flowsentry.detection.model.HostKey;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** A detector in Flink's keyed operator harness, fed window by window in event time. */
final class DetectorHarness<F extends HostWindow> implements AutoCloseable {

    static final long WINDOW_MS = 10_000;
    static final long START_MS = 1_767_603_600_000L;

    final KeyedOneInputStreamOperatorTestHarness<HostKey, F, Alert> harness;

    DetectorHarness(HostDetector<F> detector) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(detector),
                        new DetectionPipeline.WindowHost<>(),
                        TypeInformation.of(HostKey.class));
        harness.open();
    }

    static long windowStart(int window) {
        return START_MS + window * WINDOW_MS;
    }

    /** Feeds one host's features of a window, as the window operator emits them. */
    void feed(F features) throws Exception {
        harness.processElement(features, features.windowEndMs() - 1);
    }

    /** Advances event time to the end of {@code window}. */
    void closeWindow(int window) throws Exception {
        harness.processWatermark(windowStart(window + 1) - 1);
    }

    List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    List<Alert> alerts(AlertKind kind, AlertState state) {
        return alerts().stream()
                .filter(alert -> alert.kind() == kind && alert.state() == state)
                .toList();
    }

    int stateEntries() {
        return harness.numKeyedStateEntries();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
