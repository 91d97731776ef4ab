package dev.flowsentry.decoder.collector;

import dev.flowsentry.decoder.codec.NetFlowDecodeException;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.util.function.Consumer;

/**
 * What a decode thread needs of a decoder: decode datagrams, expire held data, and save and restore
 * its templates. {@link NetFlowDatagramDecoder} adapts the real one; tests may stub it. Called from
 * one thread only.
 */
public interface DatagramDecoder {

    /** Decodes one datagram, handing every record to {@code out}. */
    void decode(
            IpAddress exporter,
            byte[] datagram,
            int offset,
            int length,
            long receivedMs,
            Consumer<FlowRecord> out)
            throws NetFlowDecodeException;

    /** Drops state that has aged out (held data, expired templates) as of {@code nowMs}. */
    default void expire(long nowMs) {}

    /** The templates as bytes for {@link #restoreTemplates}, or null when there is nothing. */
    default byte[] snapshotTemplates() {
        return null;
    }

    /** Loads templates saved by {@link #snapshotTemplates()}. */
    default void restoreTemplates(byte[] snapshot) {}
}
