package dev.flowsentry.decoder.collector;

import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.flow.IpPrefixSet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives export datagrams on one UDP port with one or more sockets (SO_REUSEPORT when more than
 * one, each with its own thread), checks the allow-list, counts, copies each datagram and queues it
 * to the decode thread of its exporter. It never blocks on decoding: a full queue drops the
 * datagram and counts it.
 */
final class UdpReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(UdpReceiver.class);
    private static final int MAX_DATAGRAM_BYTES = 65_535;
    private static final int MAX_REMEMBERED_SOURCES = 65_536;
    private static final long WARNING_INTERVAL_MS = 10_000;
    private static final long DRAIN_POLL_MS = 10;

    private final InetSocketAddress listen;
    private final int threadCount;
    private final int receiveBufferBytes;
    private final IpPrefixSet allow;
    private final DecodeWorker[] workers;
    private final CollectorCounters counters;
    private final Clock clock;
    private final List<DatagramChannel> channels = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile long lastWarningMs;
    private int localPort;
    private int effectiveReceiveBufferBytes;

    UdpReceiver(
            InetSocketAddress listen,
            int threadCount,
            int receiveBufferBytes,
            IpPrefixSet allow,
            DecodeWorker[] workers,
            CollectorCounters counters,
            Clock clock) {
        this.listen = listen;
        this.threadCount = threadCount;
        this.receiveBufferBytes = receiveBufferBytes;
        this.allow = allow;
        this.workers = workers;
        this.counters = counters;
        this.clock = clock;
    }

    /** Binds every socket and starts receiving. */
    void start() throws IOException {
        running = true;
        InetSocketAddress address = listen;
        for (int i = 0; i < threadCount; i++) {
            DatagramChannel channel = open(address);
            channels.add(channel);
            if (i == 0) {
                localPort = ((InetSocketAddress) channel.getLocalAddress()).getPort();
                address = new InetSocketAddress(listen.getAddress(), localPort);
                effectiveReceiveBufferBytes = channel.getOption(StandardSocketOptions.SO_RCVBUF);
            }
        }
        logReceiveBuffer();
        for (int i = 0; i < channels.size(); i++) {
            DatagramChannel channel = channels.get(i);
            Thread thread = new Thread(() -> receiveLoop(channel), "udp-receiver-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private DatagramChannel open(InetSocketAddress address) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            if (threadCount > 1) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            channel.bind(address);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void logReceiveBuffer() {
        String rmemMax = readRmemMax();
        LOG.info(
                "Listening on UDP {}:{} with {} socket(s); receive buffer requested {} bytes,"
                        + " effective {} bytes as the kernel reports it (it caps the request at"
                        + " net.core.rmem_max = {} bytes)",
                listen.getAddress().getHostAddress(),
                localPort,
                threadCount,
                receiveBufferBytes,
                effectiveReceiveBufferBytes,
                rmemMax);
        if (effectiveReceiveBufferBytes < receiveBufferBytes) {
            LOG.warn(
                    "UDP receive buffer capped at {} bytes; raise it with"
                            + " sysctl -w net.core.rmem_max={} to absorb bursts",
                    effectiveReceiveBufferBytes,
                    receiveBufferBytes);
        }
    }

    private static String readRmemMax() {
        try {
            return Files.readAllLines(Path.of("/proc/sys/net/core/rmem_max")).get(0).trim();
        } catch (IOException | IndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private void receiveLoop(DatagramChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM_BYTES);
        Map<InetAddress, Source> sources = new HashMap<>();
        while (running) {
            try {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                buffer.flip();
                accept(source(sources, from.getAddress()), buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                warnRateLimited(e);
            }
        }
    }

    private void warnRateLimited(Exception e) {
        long nowMs = clock.millis();
        if (nowMs - lastWarningMs >= WARNING_INTERVAL_MS) {
            lastWarningMs = nowMs;
            LOG.warn("Receiving a datagram failed; going on (logged at most every 10 s)", e);
        }
    }

    private void accept(Source source, ByteBuffer buffer) {
        counters.datagramsReceived().increment();
        if (source.worker == null) {
            counters.notAllowed().increment();
            return;
        }
        int length = buffer.remaining();
        source.datagrams.increment();
        source.bytes.add(length);
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        if (!source.worker.offer(new Datagram(source.exporter, bytes, clock.millis()))) {
            counters.queueFull().increment();
        }
    }

    /** What the receiving thread keeps per source address: the allow decision, its counters. */
    private Source source(Map<InetAddress, Source> sources, InetAddress address) {
        Source source = sources.get(address);
        if (source == null) {
            if (sources.size() >= MAX_REMEMBERED_SOURCES) {
                sources.clear();
            }
            source = newSource(IpAddress.of(address));
            sources.put(address, source);
        }
        return source;
    }

    private Source newSource(IpAddress exporter) {
        if (!allow.isEmpty() && !allow.contains(exporter)) {
            return new Source(exporter, null, null, null);
        }
        DecodeWorker worker = workers[DecodeWorker.indexFor(exporter, workers.length)];
        return new Source(
                exporter, worker, counters.datagramsFrom(exporter), counters.bytesFrom(exporter));
    }

    private record Source(
            IpAddress exporter, DecodeWorker worker, LongAdder datagrams, LongAdder bytes) {}

    int localPort() {
        return localPort;
    }

    int effectiveReceiveBufferBytes() {
        return effectiveReceiveBufferBytes;
    }

    /** Whether every receiving thread is alive. */
    boolean isReceiving() {
        return running && !threads.isEmpty() && threads.stream().allMatch(Thread::isAlive);
    }

    /**
     * Reads what the kernel already holds for the sockets (until their receive queues are empty or
     * {@code drainTimeout} has passed), then closes them and waits for the threads to end.
     */
    void stop(Duration drainTimeout) throws InterruptedException {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (isReceiving()
                && System.nanoTime() < deadline
                && KernelUdpDrops.queuedBytes(localPort) > 0) {
            Thread.sleep(DRAIN_POLL_MS);
        }
        running = false;
        for (DatagramChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing a UDP socket failed", e);
            }
        }
        for (Thread thread : threads) {
            thread.join(5000);
        }
    }
}
