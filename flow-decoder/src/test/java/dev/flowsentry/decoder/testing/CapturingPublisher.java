package dev.flowsentry.decoder.testing;

import dev.flowsentry.decoder.publish.EncodedFlows;
import dev.flowsentry.decoder.publish.FlowPublisher;
import dev.flowsentry.decoder.publish.PublishCounters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A publisher that keeps every JSON value in memory, for tests of the collecting side. */
public final class CapturingPublisher implements FlowPublisher {

    private final PublishCounters counters = new PublishCounters();
    private final List<String> values = new ArrayList<>();
    private volatile boolean healthy = true;

    @Override
    public synchronized void publish(EncodedFlows flows) {
        counters.accepted().add(flows.count());
        for (int i = 0; i < flows.count(); i++) {
            values.add(new String(flows.value(i), StandardCharsets.UTF_8));
        }
        counters.published().add(flows.count());
    }

    public synchronized List<String> values() {
        return new ArrayList<>(values);
    }

    public void healthy(boolean value) {
        healthy = value;
    }

    @Override
    public boolean isHealthy() {
        return healthy;
    }

    @Override
    public String healthDetail() {
        return healthy ? "capturing" : "capturing publisher told to fail";
    }

    @Override
    public PublishCounters counters() {
        return counters;
    }

    @Override
    public void close(Duration timeout) {}
}
