package dev.flowsentry.decoder.collector;

import dev.flowsentry.decoder.codec.TemplateStore;
import dev.flowsentry.decoder.publish.FlowPublisher;
import dev.flowsentry.flow.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collecting side: UDP receivers, decode threads with bounded queues, and template persistence,
 * feeding a {@link FlowPublisher}. Start with {@link #start()}; {@link #close(Duration)} stops
 * receiving, decodes what is queued and saves the templates.
 */
public final class Collector {

    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);
    private static final String TEMPLATE_FILE = "templates.bin";

    /** Makes the decoder of worker {@code index}; {@code owns} tells which exporters are its. */
    public interface DecoderFactory {
        DatagramDecoder create(int index, Predicate<IpAddress> owns);
    }

    private final CollectorSettings settings;
    private final CollectorCounters counters;
    private final DecodeWorker[] workers;
    private final List<Thread> workerThreads = new ArrayList<>();
    private final UdpReceiver receiver;
    private final TemplateStore templateStore;
    private final AtomicReferenceArray<byte[]> latestSnapshots;
    private ScheduledExecutorService stateWriter;

    public Collector(
            CollectorSettings settings,
            DecoderFactory decoders,
            Supplier<RecordEncoder> encoders,
            FlowPublisher publisher,
            CollectorCounters counters,
            Clock clock) {
        this.settings = settings;
        this.counters = counters;
        this.workers = new DecodeWorker[settings.decodeWorkers()];
        this.latestSnapshots = new AtomicReferenceArray<>(workers.length);
        this.templateStore =
                settings.stateDir() == null
                        ? null
                        : new TemplateStore(settings.stateDir().resolve(TEMPLATE_FILE));
        IntFunction<Predicate<IpAddress>> owner =
                index -> exporter -> DecodeWorker.indexFor(exporter, workers.length) == index;
        for (int i = 0; i < workers.length; i++) {
            workers[i] =
                    new DecodeWorker(
                            i,
                            settings.queueCapacity(),
                            settings.queueCapacityBytes(),
                            decoders.create(i, owner.apply(i)),
                            encoders.get(),
                            publisher,
                            counters,
                            clock,
                            settings.templateSaveInterval().toMillis(),
                            latestSnapshots::set);
        }
        this.receiver =
                new UdpReceiver(
                        settings.listen(),
                        settings.receiveThreads(),
                        settings.receiveBufferBytes(),
                        settings.allow(),
                        workers,
                        counters,
                        clock);
    }

    /** Restores templates, starts the decode threads, then binds and receives. */
    public void start() throws IOException {
        restoreTemplates();
        for (DecodeWorker worker : workers) {
            Thread thread = new Thread(worker, "decode-worker-" + workerThreads.size());
            thread.setDaemon(true);
            workerThreads.add(thread);
            thread.start();
        }
        receiver.start();
        if (templateStore != null) {
            stateWriter =
                    Executors.newSingleThreadScheduledExecutor(
                            runnable -> {
                                Thread thread = new Thread(runnable, "template-writer");
                                thread.setDaemon(true);
                                return thread;
                            });
            long intervalMs = settings.templateSaveInterval().toMillis();
            stateWriter.scheduleWithFixedDelay(
                    this::saveTemplates, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        }
    }

    private void restoreTemplates() throws IOException {
        if (templateStore == null) {
            return;
        }
        Files.createDirectories(settings.stateDir());
        List<byte[]> snapshots;
        try {
            snapshots = templateStore.read();
        } catch (IOException e) {
            LOG.warn(
                    "Cannot read saved templates from {}; starting without them",
                    templateStore.file(),
                    e);
            return;
        }
        for (DecodeWorker worker : workers) {
            for (byte[] snapshot : snapshots) {
                try {
                    worker.decoder().restoreTemplates(snapshot);
                } catch (IllegalArgumentException e) {
                    LOG.warn(
                            "A saved template snapshot in {} is damaged: {}",
                            templateStore.file(),
                            e.getMessage());
                }
            }
        }
        LOG.info(
                "Restored {} template snapshot(s) from {}", snapshots.size(), templateStore.file());
    }

    private synchronized void saveTemplates() {
        List<byte[]> snapshots = new ArrayList<>();
        for (int i = 0; i < latestSnapshots.length(); i++) {
            byte[] snapshot = latestSnapshots.get(i);
            if (snapshot != null) {
                snapshots.add(snapshot);
            }
        }
        if (snapshots.isEmpty()) {
            return;
        }
        try {
            templateStore.write(snapshots);
            LOG.debug(
                    "Saved {} template snapshot(s) to {}", snapshots.size(), templateStore.file());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot save templates to {}", templateStore.file(), e);
        }
    }

    /** The UDP port receiving; useful with port 0. */
    public int localPort() {
        return receiver.localPort();
    }

    /** The receive buffer the kernel granted the first socket. */
    public int effectiveReceiveBufferBytes() {
        return receiver.effectiveReceiveBufferBytes();
    }

    public CollectorCounters counters() {
        return counters;
    }

    /** Datagrams waiting in every decode queue. */
    public long queueDepth() {
        long depth = 0;
        for (DecodeWorker worker : workers) {
            depth += worker.queueDepth();
        }
        return depth;
    }

    /** Bytes of the datagrams waiting in every decode queue. */
    public long queueBytes() {
        long bytes = 0;
        for (DecodeWorker worker : workers) {
            bytes += worker.queueBytes();
        }
        return bytes;
    }

    /** Whether every receiving and decoding thread runs. */
    public boolean isReceiving() {
        return receiver.isReceiving() && workerThreads.stream().allMatch(Thread::isAlive);
    }

    /** Datagrams the kernel dropped for the receiving sockets (socket buffer full). */
    public long kernelDrops() {
        return KernelUdpDrops.drops(localPort());
    }

    /**
     * Reads what already waits in the socket buffers (a quarter of {@code timeout} at most), stops
     * receiving, lets the decode threads finish their queues within {@code timeout}, and saves the
     * templates.
     */
    public void close(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        receiver.stop(timeout.dividedBy(4));
        for (DecodeWorker worker : workers) {
            worker.stop();
        }
        for (Thread thread : workerThreads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                LOG.warn("Decode thread {} did not finish its queue in time", thread.getName());
            }
        }
        if (stateWriter != null) {
            stateWriter.shutdownNow();
            stateWriter.awaitTermination(5, TimeUnit.SECONDS);
            saveTemplates();
        }
    }
}
