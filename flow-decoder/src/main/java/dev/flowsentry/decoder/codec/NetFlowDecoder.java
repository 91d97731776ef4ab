package dev.flowsentry.decoder.codec;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.util.function.Consumer;

/**
 * Decodes NetFlow v5, NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) export datagrams into {@link
 * FlowRecord}s. Pure: bytes in, records out; it knows nothing of sockets or Kafka.
 *
 * <p>An instance keeps per-exporter state (templates, sampling, sequence numbers, data held for a
 * template) and is not thread-safe: a collector gives each exporter to exactly one instance, for
 * example by hashing the exporter address over several decoders.
 */
public final class NetFlowDecoder {

    private final DecoderSettings settings;
    private final DecoderCounters counters;

    public NetFlowDecoder(DecoderSettings settings, DecoderCounters counters) {
        this.settings = settings;
        this.counters = counters;
    }

    /**
     * Decodes one export datagram from {@code exporter} and hands every flow record to {@code out},
     * in order. Records of data sets held for a missing template are handed out later, when a
     * datagram brings the template.
     *
     * @param receivedMs when the datagram arrived (epoch ms): {@code received_ms}, and the clock
     *     for template lifetimes and held-data age
     * @throws NetFlowDecodeException when the datagram is malformed; records decoded before the
     *     fault have already been handed to {@code out}
     */
    public void decode(
            IpAddress exporter,
            byte[] datagram,
            int offset,
            int length,
            long receivedMs,
            Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        // TODO(#2): the v5, v9 and IPFIX decoders.
        throw new UnsupportedOperationException("not yet implemented");
    }

    public DecoderSettings settings() {
        return settings;
    }

    public DecoderCounters counters() {
        return counters;
    }
}
