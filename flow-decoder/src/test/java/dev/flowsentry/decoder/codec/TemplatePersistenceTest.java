package dev.flowsentry.decoder.codec;

import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.TEMPLATE_256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.data256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.v9;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.v9Header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Templates and sampling survive a restart, through bytes and through a file. */
class TemplatePersistenceTest {

    private static final IpAddress EXPORTER = IpAddress.parse("192.0.2.33");
    private static final long NOW = 1_700_000_000_000L;

    private static final String[] SAMPLING_OPTIONS = {
        "0001 0018 | flowset 1, 24 bytes",
        "012c 0004 0008 | options template 300, scope length 4, option length 8",
        "0001 0004 | scope: system",
        "0022 0004 | samplingInterval",
        "0023 0001 | samplingAlgorithm",
        "0000 | padding",
        "012c 0010 | flowset 300, 16 bytes",
        "00000000 00000040 02 000000 | system, 1 in 64, random, padding"
    };

    @TempDir Path directory;

    private final List<FlowRecord> flows = new ArrayList<>();

    private static NetFlowDecoder learned() throws NetFlowDecodeException {
        NetFlowDecoder decoder =
                new NetFlowDecoder(DecoderSettings.defaults(), new DecoderCounters());
        byte[] datagram = v9(v9Header(3, 1000, 0, 5), TEMPLATE_256, SAMPLING_OPTIONS);
        decoder.decode(EXPORTER, datagram, 0, datagram.length, NOW, record -> {});
        return decoder;
    }

    private void decodeData(NetFlowDecoder decoder) throws NetFlowDecodeException {
        byte[] data = v9(v9Header(1, 2000, 1, 5), data256(9, 1500, 1900));
        decoder.decode(EXPORTER, data, 0, data.length, NOW + 1000, flows::add);
    }

    @Test
    void aRestoredDecoderDecodesDataAtOnceWithItsSampling() throws Exception {
        byte[] snapshot = learned().snapshotTemplates();
        DecoderCounters counters = new DecoderCounters();
        NetFlowDecoder restarted = new NetFlowDecoder(DecoderSettings.defaults(), counters);

        assertThat(restarted.restoreTemplates(snapshot)).isEqualTo(2);
        decodeData(restarted);

        assertThat(flows)
                .singleElement()
                .satisfies(
                        flow -> {
                            assertThat(flow.packets()).isEqualTo(9);
                            assertThat(flow.samplingRate()).isEqualTo(64);
                            assertThat(flow.observationDomain()).isEqualTo(5);
                        });
        assertThat(counters.templateMisses().sum()).isZero();
        assertThat(counters.templatesRestored().sum()).isEqualTo(2);
        assertThat(counters.activeTemplates().sum()).isEqualTo(2);
    }

    @Test
    void snapshotsGoThroughAFile() throws Exception {
        TemplateStore store = new TemplateStore(directory.resolve("templates.bin"));
        assertThat(store.read()).isEmpty();

        store.write(
                List.of(
                        learned().snapshotTemplates(),
                        new NetFlowDecoder(DecoderSettings.defaults(), new DecoderCounters())
                                .snapshotTemplates()));
        NetFlowDecoder restarted =
                new NetFlowDecoder(DecoderSettings.defaults(), new DecoderCounters());
        int restored = 0;
        for (byte[] snapshot : store.read()) {
            restored += restarted.restoreTemplates(snapshot);
        }
        decodeData(restarted);

        assertThat(restored).isEqualTo(2);
        assertThat(flows).hasSize(1);
        assertThat(Files.exists(directory.resolve("templates.bin.tmp"))).isFalse();
    }

    @Test
    void onlyTheExportersADecoderOwnsAreRestored() throws Exception {
        NetFlowDecoder other =
                new NetFlowDecoder(DecoderSettings.defaults(), new DecoderCounters());

        assertThat(other.restoreTemplates(learned().snapshotTemplates(), exporter -> false))
                .isZero();
        assertThat(other.templateCount(EXPORTER)).isZero();
    }

    @Test
    void aDamagedSnapshotIsRejectedWithAClearError() throws Exception {
        byte[] snapshot = learned().snapshotTemplates();
        NetFlowDecoder restarted =
                new NetFlowDecoder(DecoderSettings.defaults(), new DecoderCounters());

        assertThatThrownBy(
                        () ->
                                restarted.restoreTemplates(
                                        Arrays.copyOf(snapshot, snapshot.length / 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("template snapshot truncated or damaged");
        assertThatThrownBy(() -> restarted.restoreTemplates(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a template snapshot");
    }

    @Test
    void aSnapshotClaimingMoreTemplatesThanTheBoundIsRejectedBeforeAllocating() throws Exception {
        byte[] snapshot = learned().snapshotTemplates();
        // Layout: magic, format, exporter count, address length + 4 bytes, template count.
        int templateCountOffset = 4 + 4 + 4 + 1 + 4;
        snapshot[templateCountOffset] = 0x7F;
        NetFlowDecoder restarted =
                new NetFlowDecoder(DecoderSettings.defaults(), new DecoderCounters());

        assertThatThrownBy(() -> restarted.restoreTemplates(snapshot))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("templates, outside 0..1024");
    }

    @Test
    void aDamagedStoreFileIsReportedAsAnIoError() throws Exception {
        Path file = directory.resolve("templates.bin");
        Files.write(file, new byte[] {0x46, 0x53, 0x54, 0x53, 0, 0, 0, 1, 0x7F, 0, 0, 0});

        assertThatThrownBy(() -> new TemplateStore(file).read())
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("is damaged");
    }
}
