package dev.flowsentry.decoder.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Prints every record as one JSON line, for troubleshooting ({@code --stdout}). Writes happen on
 * the decode threads, so a slow terminal slows decoding and shows up as queue drops.
 */
public final class StdoutFlowPublisher implements FlowPublisher {

    private final OutputStream out;
    private final PublishCounters counters = new PublishCounters();
    private volatile String failure;

    public StdoutFlowPublisher(OutputStream out) {
        this.out = out;
    }

    @Override
    public synchronized void publish(EncodedFlows flows) {
        counters.accepted().add(flows.count());
        try {
            for (int i = 0; i < flows.count(); i++) {
                out.write(flows.value(i));
                out.write('\n');
            }
            out.flush();
            counters.published().add(flows.count());
        } catch (IOException e) {
            failure = e.toString();
            counters.dropped(PublishCounters.DropReason.SEND_ERROR, flows.count());
            counters.sendError(e);
        }
    }

    @Override
    public boolean isHealthy() {
        return failure == null;
    }

    @Override
    public String healthDetail() {
        return failure == null ? "stdout ok" : "stdout failing: " + failure;
    }

    @Override
    public PublishCounters counters() {
        return counters;
    }

    @Override
    public synchronized void close(Duration timeout) {
        try {
            out.flush();
        } catch (IOException e) {
            failure = e.toString();
        }
    }
}
