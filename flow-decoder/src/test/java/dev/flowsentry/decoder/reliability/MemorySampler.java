package dev.flowsentry.decoder.reliability;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the decoder's memory on its own thread until closed: resident set size from {@code
 * /proc/PID/status}, heap used and bytes queued for decoding from the decoder's {@code /metrics},
 * keeping the largest of each.
 */
final class MemorySampler implements AutoCloseable {

    private final DecoderProcess decoder;
    private final long intervalMs;
    private final AtomicLong maxResidentBytes = new AtomicLong();
    private final AtomicLong maxHeapUsedBytes = new AtomicLong();
    private final AtomicLong maxQueueBytes = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private MemorySampler(DecoderProcess decoder, long intervalMs) {
        this.decoder = decoder;
        this.intervalMs = intervalMs;
        this.thread = new Thread(this::run, "memory-sampler");
        thread.setDaemon(true);
    }

    static MemorySampler start(DecoderProcess decoder, long intervalMs) {
        MemorySampler sampler = new MemorySampler(decoder, intervalMs);
        sampler.thread.start();
        return sampler;
    }

    /** The resident size every interval, the heap (a metrics scrape) every fifth. */
    private void run() {
        for (long round = 0; running && decoder.isRunning(); round++) {
            try {
                maxResidentBytes.accumulateAndGet(decoder.residentBytes(), Math::max);
                samples.incrementAndGet();
                if (round % 5 == 0) {
                    ScrapedMetrics metrics = decoder.metrics();
                    long heap = (long) metrics.value("jvm_memory_used_bytes{area=\"heap\"}");
                    maxHeapUsedBytes.accumulateAndGet(heap, Math::max);
                    maxQueueBytes.accumulateAndGet(metrics.decoder("queue_bytes"), Math::max);
                }
                Thread.sleep(intervalMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // A scrape can time out under overload; the next sample tries again.
            }
        }
    }

    long maxResidentBytes() {
        return maxResidentBytes.get();
    }

    long maxHeapUsedBytes() {
        return maxHeapUsedBytes.get();
    }

    long maxQueueBytes() {
        return maxQueueBytes.get();
    }

    long samples() {
        return samples.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(15));
    }

    @Override
    public String toString() {
        return String.format(
                "%d samples, max RSS %d MiB, max heap used %d MiB, max queued %d MiB",
                samples(),
                maxResidentBytes() >> 20,
                maxHeapUsedBytes() >> 20,
                maxQueueBytes() >> 20);
    }
}
