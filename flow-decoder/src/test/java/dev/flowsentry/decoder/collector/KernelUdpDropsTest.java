package dev.flowsentry.decoder.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

class KernelUdpDropsTest {

    @Test
    void datagramsArrivingAtAFullSocketBufferShowUpAsKernelDropsAndQueuedBytesOfThatSocket()
            throws Exception {
        try (DatagramChannel receiver = DatagramChannel.open();
                DatagramChannel sender = DatagramChannel.open()) {
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            receiver.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
            sender.connect(new InetSocketAddress("127.0.0.1", port));
            int sent = 500;

            for (int i = 0; i < sent; i++) {
                sender.write(ByteBuffer.allocate(1000));
            }
            assertThat(KernelUdpDrops.queuedBytes(port)).isPositive();
            receiver.configureBlocking(false);
            int queued = 0;
            while (receiver.receive(ByteBuffer.allocate(2000)) != null) {
                queued++;
            }

            long drops = KernelUdpDrops.drops(port);
            assertThat(KernelUdpDrops.queuedBytes(port)).isZero();
            assertThat(drops).isPositive().isEqualTo(sent - queued);
            assertThat(KernelUdpDrops.drops(port == 65535 ? 1 : port + 1)).isZero();
        }
    }
}
