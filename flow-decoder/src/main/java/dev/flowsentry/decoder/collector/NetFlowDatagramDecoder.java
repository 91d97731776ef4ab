package dev.flowsentry.decoder.collector;

import dev.flowsentry.decoder.codec.NetFlowDecodeException;
import dev.flowsentry.decoder.codec.NetFlowDecoder;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The real decoder behind a decode thread; restores only the exporters that thread owns. */
public final class NetFlowDatagramDecoder implements DatagramDecoder {

    private final NetFlowDecoder decoder;
    private final Predicate<IpAddress> owns;

    /**
     * @param owns whether an exporter belongs to this decoder's thread, for restoring templates
     */
    public NetFlowDatagramDecoder(NetFlowDecoder decoder, Predicate<IpAddress> owns) {
        this.decoder = decoder;
        this.owns = owns;
    }

    @Override
    public void decode(
            IpAddress exporter,
            byte[] datagram,
            int offset,
            int length,
            long receivedMs,
            Consumer<FlowRecord> out)
            throws NetFlowDecodeException {
        decoder.decode(exporter, datagram, offset, length, receivedMs, out);
    }

    @Override
    public void expire(long nowMs) {
        decoder.expire(nowMs);
    }

    @Override
    public byte[] snapshotTemplates() {
        return decoder.snapshotTemplates();
    }

    @Override
    public void restoreTemplates(byte[] snapshot) {
        decoder.restoreTemplates(snapshot, owns);
    }
}
