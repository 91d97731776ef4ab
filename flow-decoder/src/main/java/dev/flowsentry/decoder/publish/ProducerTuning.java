package dev.flowsentry.decoder.publish;

import java.time.Duration;

/**
 * The producer settings the decoder tunes; see {@code --compression}, {@code --linger-ms}, {@code
 * --batch-size-bytes}, {@code --producer-buffer-bytes} and {@code --delivery-timeout-ms}.
 *
 * @param compression none, gzip, snappy, lz4 or zstd
 * @param lingerMs how long the producer waits to fill a batch
 * @param batchSizeBytes the largest batch per partition
 * @param producerBufferBytes the producer's buffer.memory
 * @param deliveryTimeout how long a record may wait for the broker before it fails; also how long
 *     the sender thread waits for metadata or producer buffer space
 */
public record ProducerTuning(
        String compression,
        int lingerMs,
        int batchSizeBytes,
        long producerBufferBytes,
        Duration deliveryTimeout) {}
