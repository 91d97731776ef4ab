package dev.flowsentry.traffic.export;

/**
 * One export message, ready for a UDP datagram.
 *
 * @param bytes the whole message, header included
 * @param exportTimeMs the export time the header states (epoch milliseconds, whole seconds)
 * @param dataRecords flow records in it
 * @param hasTemplates whether it carries the templates
 */
public record ExportDatagram(
        byte[] bytes, long exportTimeMs, int dataRecords, boolean hasTemplates) {}
