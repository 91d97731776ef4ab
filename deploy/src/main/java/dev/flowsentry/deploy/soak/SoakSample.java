package dev.flowsentry.deploy.soak;

import java.util.Locale;

/**
 * One sample of a soak run. Sizes in bytes; -1 where a value could not be read.
 *
 * @param elapsedSeconds since the first sample
 * @param decoderLiveHeapBytes the decoder's heap after a full collection
 * @param taskManagerLiveHeapBytes the TaskManager's heap after a full collection
 * @param stateSizeBytes the job's state in its latest completed checkpoint (Flink's {@code
 *     state_size})
 * @param checkpointId that checkpoint's id
 * @param jobRunning whether the job's status is RUNNING
 * @param flowsEndOffset records in the flows topic (sum of end offsets)
 * @param flowsLag the job's consumer group on flows: end offsets minus committed offsets
 * @param alertsEndOffset records and transaction markers in the alerts topic
 * @param alertsLag the forwarder's consumer group on alerts
 * @param decoderDroppedDatagrams the decoder's queue_full and kernel socket drops
 * @param decoderDroppedRecords the decoder's records_dropped_total, all reasons
 */
record SoakSample(
        long elapsedSeconds,
        long decoderLiveHeapBytes,
        long taskManagerLiveHeapBytes,
        long stateSizeBytes,
        long checkpointId,
        boolean jobRunning,
        long flowsEndOffset,
        long flowsLag,
        long alertsEndOffset,
        long alertsLag,
        long decoderDroppedDatagrams,
        long decoderDroppedRecords) {

    static final String HEADER =
            "| minute | decoder heap MiB | TaskManager heap MiB | job state MiB | checkpoint"
                    + " | job | flows in Kafka | flows/s | job lag (flows) | alerts | forwarder"
                    + " lag | decoder drops (datagrams, records) |\n"
                    + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";

    /** One table row; {@code previous} gives the flow rate since the last sample. */
    String row(SoakSample previous) {
        double rate =
                previous == null || elapsedSeconds == previous.elapsedSeconds
                        ? 0
                        : (double) (flowsEndOffset - previous.flowsEndOffset)
                                / (elapsedSeconds - previous.elapsedSeconds);
        return String.format(
                Locale.ROOT,
                "| %.1f | %s | %s | %s | %d | %s | %d | %.0f | %d | %d | %d | %d, %d |",
                elapsedSeconds / 60.0,
                mebibytes(decoderLiveHeapBytes),
                mebibytes(taskManagerLiveHeapBytes),
                mebibytes(stateSizeBytes),
                checkpointId,
                jobRunning ? "running" : "NOT RUNNING",
                flowsEndOffset,
                rate,
                flowsLag,
                alertsEndOffset,
                alertsLag,
                decoderDroppedDatagrams,
                decoderDroppedRecords);
    }

    static String mebibytes(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }
}
