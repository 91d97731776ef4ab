package dev.flowsentry.decoder.collector;

import dev.flowsentry.flow.IpPrefixSet;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the collector receives and decodes; see the options of the same names.
 *
 * @param listen UDP address and port ({@code --listen}); port 0 picks a free port
 * @param receiveThreads receiving sockets and threads ({@code --receive-threads})
 * @param receiveBufferBytes requested receive buffer per socket ({@code --receive-buffer-bytes})
 * @param decodeWorkers decode threads ({@code --decode-workers})
 * @param queueCapacity datagrams queued per decode thread ({@code --queue-capacity})
 * @param queueCapacityBytes bytes of datagrams queued per decode thread ({@code
 *     --queue-capacity-bytes})
 * @param allow exporter allow-list; empty allows all ({@code --allow})
 * @param stateDir where templates are persisted, or null ({@code --state-dir})
 * @param templateSaveInterval how often templates are persisted ({@code
 *     --template-save-interval-ms})
 */
public record CollectorSettings(
        InetSocketAddress listen,
        int receiveThreads,
        int receiveBufferBytes,
        int decodeWorkers,
        int queueCapacity,
        long queueCapacityBytes,
        IpPrefixSet allow,
        Path stateDir,
        Duration templateSaveInterval) {

    /** The default of {@code --queue-capacity-bytes}: 64 MiB per decode thread. */
    public static final long DEFAULT_QUEUE_CAPACITY_BYTES = 64L << 20;

    /** Settings with the default byte bound of the queues. */
    public CollectorSettings(
            InetSocketAddress listen,
            int receiveThreads,
            int receiveBufferBytes,
            int decodeWorkers,
            int queueCapacity,
            IpPrefixSet allow,
            Path stateDir,
            Duration templateSaveInterval) {
        this(
                listen,
                receiveThreads,
                receiveBufferBytes,
                decodeWorkers,
                queueCapacity,
                DEFAULT_QUEUE_CAPACITY_BYTES,
                allow,
                stateDir,
                templateSaveInterval);
    }
}
