package dev.flowsentry.decoder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.decoder.FlowDecoderService;
import dev.flowsentry.decoder.codec.DecoderCounters;
import dev.flowsentry.decoder.codec.NetFlowDecoder;
import dev.flowsentry.decoder.collector.NetFlowDatagramDecoder;
import dev.flowsentry.decoder.config.CommandLine;
import dev.flowsentry.decoder.config.DecoderOptions;
import dev.flowsentry.decoder.testing.CapturingPublisher;
import dev.flowsentry.decoder.testing.Datagrams;
import dev.flowsentry.decoder.testing.NetFlowV9;
import dev.flowsentry.decoder.testing.Softflowd;
import dev.flowsentry.decoder.testing.TestPcap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates learned before a restart decode data sent after it, without waiting for a refresh. */
class TemplatePersistenceIT {

    @TempDir Path directory;

    @Test
    void aRestartedDecoderDecodesDataWithTheTemplatesItSavedAtShutdown() throws Exception {
        Path pcap = directory.resolve("flows.pcap");
        TestPcap.write(pcap, 2000, 1, Instant.now().minusSeconds(30));
        List<byte[]> stream = Softflowd.capture(pcap, 9);
        byte[] withTemplate = stream.get(0);
        byte[] dataOnly =
                stream.stream()
                        .filter(datagram -> !NetFlowV9.hasTemplate(datagram))
                        .findFirst()
                        .orElseThrow();
        assertThat(NetFlowV9.hasTemplate(withTemplate)).isTrue();
        Path state = directory.resolve("state");

        try (Running first = start(state)) {
            send(first.service, withTemplate);
            await().until(() -> first.publisher.counters().published().sum() > 0);
        }
        assertThat(state.resolve("templates.bin")).exists();
        assertThat(Files.size(state.resolve("templates.bin"))).isPositive();

        try (Running second = start(state)) {
            send(second.service, dataOnly);
            await().until(() -> second.publisher.counters().published().sum() > 0);
            assertThat(second.counters.templatesRestored().sum()).isPositive();
            assertThat(second.counters.templateMisses().sum()).isZero();
        }
    }

    @Test
    void withoutSavedTemplatesTheSameDataWaitsForItsTemplate() throws Exception {
        Path pcap = directory.resolve("flows.pcap");
        TestPcap.write(pcap, 2000, 1, Instant.now().minusSeconds(30));
        byte[] dataOnly =
                Softflowd.capture(pcap, 9).stream()
                        .filter(datagram -> !NetFlowV9.hasTemplate(datagram))
                        .findFirst()
                        .orElseThrow();

        try (Running fresh = start(directory.resolve("empty-state"))) {
            send(fresh.service, dataOnly);
            await().until(() -> fresh.counters.templateMisses().sum() > 0);
            assertThat(fresh.publisher.counters().published().sum()).isZero();
        }
    }

    private static void send(FlowDecoderService service, byte[] datagram) throws Exception {
        try (Datagrams exporter = new Datagrams("127.0.0.1", service.udpPort())) {
            exporter.send(datagram);
        }
    }

    private record Running(
            FlowDecoderService service, CapturingPublisher publisher, DecoderCounters counters)
            implements AutoCloseable {
        @Override
        public void close() {
            service.close();
        }
    }

    private static Running start(Path state) throws Exception {
        DecoderOptions options =
                CommandLine.parse(
                        new String[] {
                            "--stdout",
                            "--listen",
                            "127.0.0.1:0",
                            "--metrics-port",
                            "-1",
                            "--state-dir",
                            state.toString()
                        });
        DecoderCounters counters = new DecoderCounters();
        CapturingPublisher publisher = new CapturingPublisher();
        FlowDecoderService service =
                FlowDecoderService.start(
                        options,
                        (index, owns) ->
                                new NetFlowDatagramDecoder(
                                        new NetFlowDecoder(options.decoderSettings(), counters),
                                        owns),
                        counters,
                        publisher,
                        Clock.systemUTC());
        return new Running(service, publisher, counters);
    }
}
