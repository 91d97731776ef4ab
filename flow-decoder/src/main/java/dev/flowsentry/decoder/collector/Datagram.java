package dev.flowsentry.decoder.collector;

import dev.flowsentry.flow.IpAddress;

/**
 * One export datagram on its way from a receiving socket to a decode thread.
 *
 * @param exporter the source address
 * @param bytes the datagram, exactly as long as it was
 * @param receivedMs when it was read from the socket, epoch milliseconds
 */
public record Datagram(IpAddress exporter, byte[] bytes, long receivedMs) {}
