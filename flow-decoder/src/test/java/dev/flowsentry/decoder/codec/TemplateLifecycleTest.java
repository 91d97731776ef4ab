package dev.flowsentry.decoder.codec;

import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.IPFIX_TEMPLATE_256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.TEMPLATE_256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.data256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.ipfix;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.ipfixData256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.v9;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.v9Header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Templates are learned, withdrawn and expire; data that waits for its template is bounded. */
class TemplateLifecycleTest {

    private static final IpAddress EXPORTER = IpAddress.parse("192.0.2.200");
    private static final long T0 = 1_700_000_000_000L;

    private final DecoderCounters counters = new DecoderCounters();
    private final List<FlowRecord> flows = new ArrayList<>();
    private NetFlowDecoder decoder = new NetFlowDecoder(DecoderSettings.defaults(), counters);

    private void decode(byte[] datagram, long receivedMs) throws NetFlowDecodeException {
        decoder.decode(EXPORTER, datagram, 0, datagram.length, receivedMs, flows::add);
    }

    @Test
    void ipfixTemplateWithdrawalTurnsItsDataIntoMisses() throws Exception {
        decode(ipfix(0, 7, IPFIX_TEMPLATE_256, ipfixData256(3, T0, T0 + 5)), T0);
        assertThat(flows).hasSize(1);

        decode(
                ipfix(
                        1,
                        7,
                        new String[] {"0002 0008 | set 2, 8 bytes", "0100 0000 | withdraw 256"}),
                T0);
        decode(ipfix(1, 7, ipfixData256(4, T0, T0 + 5)), T0);

        assertThat(flows).hasSize(1);
        assertThat(counters.templatesWithdrawn().sum()).isEqualTo(1);
        assertThat(counters.templateMisses().sum()).isEqualTo(1);
        assertThat(decoder.templateCount(EXPORTER)).isZero();
        assertThat(counters.activeTemplates().sum()).isZero();
    }

    @Test
    void ipfixAllTemplatesWithdrawalKeepsOptionsTemplates() throws Exception {
        String[] optionsTemplate = {
            "0003 0012 | set 3 (options templates), 18 bytes",
            "0101 0002 0001 | template 257, 2 fields, 1 scope field",
            "0090 0004 | scope: exportingProcessId",
            "0022 0004 | samplingInterval"
        };
        String[] secondTemplate = {
            "0002 000c | set 2, 12 bytes",
            "0102 0001 | template 258, 1 field",
            "0008 0004 | sourceIPv4Address"
        };
        decode(ipfix(0, 7, IPFIX_TEMPLATE_256, secondTemplate, optionsTemplate), T0);
        assertThat(decoder.templateCount(EXPORTER)).isEqualTo(3);

        decode(
                ipfix(
                        0,
                        7,
                        new String[] {"0002 0008 | set 2", "0002 0000 | withdraw all templates"}),
                T0);

        assertThat(decoder.templateCount(EXPORTER)).isEqualTo(1);
        assertThat(counters.templatesWithdrawn().sum()).isEqualTo(2);

        decode(
                ipfix(
                        0,
                        7,
                        new String[] {
                            "0003 0008 | set 3", "0003 0000 | withdraw all options templates"
                        }),
                T0);
        assertThat(decoder.templateCount(EXPORTER)).isZero();
    }

    @Test
    void aTemplateNotRefreshedWithinItsLifetimeExpires() throws Exception {
        decoder =
                new NetFlowDecoder(
                        DecoderSettings.defaults().withTemplateLifetime(Duration.ofMinutes(30)),
                        counters);
        decode(v9(v9Header(1, 5000, 0, 0), TEMPLATE_256), T0);
        decode(v9(v9Header(1, 6000, 1, 0), TEMPLATE_256), T0 + Duration.ofMinutes(20).toMillis());

        decode(
                v9(v9Header(1, 7000, 2, 0), data256(1, 6000, 6500)),
                T0 + Duration.ofMinutes(45).toMillis());
        assertThat(flows).as("refreshed at 20 min, so alive at 45").hasSize(1);

        decode(
                v9(v9Header(1, 8000, 3, 0), data256(1, 6000, 6500)),
                T0 + Duration.ofMinutes(51).toMillis());
        assertThat(flows).as("expired 30 min after the refresh").hasSize(1);
        assertThat(counters.templatesExpired().sum()).isEqualTo(1);
        assertThat(counters.templateMisses().sum()).isEqualTo(1);
    }

    @Test
    void expireRemovesTemplatesOfAnExporterThatFellSilent() throws Exception {
        decoder =
                new NetFlowDecoder(
                        DecoderSettings.defaults().withTemplateLifetime(Duration.ofMinutes(30)),
                        counters);
        decode(v9(v9Header(1, 5000, 0, 0), TEMPLATE_256), T0);

        decoder.expire(T0 + Duration.ofMinutes(29).toMillis());
        assertThat(decoder.templateCount(EXPORTER)).isEqualTo(1);
        decoder.expire(T0 + Duration.ofMinutes(31).toMillis());

        assertThat(decoder.templateCount(EXPORTER)).isZero();
        assertThat(counters.templatesExpired().sum()).isEqualTo(1);
        assertThat(counters.activeTemplates().sum()).isZero();
    }

    @Test
    void aRedefinitionReplacesTheTemplate() throws Exception {
        decode(v9(v9Header(1, 5000, 0, 0), TEMPLATE_256), T0);
        String[] shorter = {
            "0000 0010 | flowset 0, 16 bytes",
            "0100 0002 | template 256 again, 2 fields",
            "0008 0004 | sourceIPv4Address",
            "000c 0004 | destinationIPv4Address"
        };
        String[] data = {
            "0100 000c | flowset 256, 12 bytes", "0a000001 0a000002 | 10.0.0.1 -> 10.0.0.2"
        };

        decode(v9(v9Header(2, 6000, 1, 0), shorter, data), T0);

        assertThat(flows)
                .singleElement()
                .satisfies(f -> assertThat(f.srcAddr()).hasToString("10.0.0.1"));
        assertThat(counters.templatesLearned().sum()).isEqualTo(2);
        assertThat(counters.activeTemplates().sum()).isEqualTo(1);
    }

    @Test
    void dataBeforeItsTemplateIsHeldAndDecodedWhenTheTemplateArrives() throws Exception {
        decode(v9(v9Header(1, 7000, 10, 0), data256(5, 6000, 6500)), T0);
        assertThat(flows).isEmpty();
        assertThat(counters.templateMisses().sum()).isEqualTo(1);
        assertThat(counters.heldDataSets().sum()).isEqualTo(1);

        decode(v9(v9Header(1, 9000, 11, 0), TEMPLATE_256), T0 + 2000);

        FlowRecord flow = flows.get(0);
        assertThat(flow.packets()).isEqualTo(5);
        assertThat(flow.sequence()).as("the held datagram's header").isEqualTo(10);
        assertThat(flow.receivedMs()).isEqualTo(T0);
        assertThat(flow.flowEndMs()).isEqualTo(NetFlowV9Datagrams.UNIX_SECONDS * 1000 - 500);
        assertThat(counters.heldDataDecoded().sum()).isEqualTo(1);
        assertThat(counters.heldDataSets().sum()).isZero();
        assertThat(decoder.heldBytes(EXPORTER)).isZero();
    }

    @Test
    void heldDataOlderThanItsMaximumAgeIsDroppedOnAClockTick() throws Exception {
        decoder =
                new NetFlowDecoder(
                        DecoderSettings.defaults().withMaxHeldAge(Duration.ofSeconds(30)),
                        counters);
        decode(v9(v9Header(1, 7000, 10, 0), data256(5, 6000, 6500)), T0);

        decoder.expire(T0 + 29_000);
        assertThat(decoder.heldDataSetCount(EXPORTER)).isEqualTo(1);
        decoder.expire(T0 + 31_000);

        assertThat(decoder.heldDataSetCount(EXPORTER)).isZero();
        assertThat(counters.heldDataDropped().sum()).isEqualTo(1);
        assertThat(counters.heldDataSets().sum()).isZero();
        decode(v9(v9Header(1, 9000, 11, 0), TEMPLATE_256), T0 + 32_000);
        assertThat(flows).isEmpty();
    }

    @Test
    void heldDataBeyondTheBoundDropsTheOldest() throws Exception {
        decoder =
                new NetFlowDecoder(
                        DecoderSettings.defaults().withMaxHeldDataSetsPerExporter(2), counters);
        for (int packets = 1; packets <= 3; packets++) {
            decode(v9(v9Header(1, 7000, packets, 0), data256(packets, 6000, 6500)), T0);
        }
        assertThat(decoder.heldDataSetCount(EXPORTER)).isEqualTo(2);

        decode(v9(v9Header(1, 9000, 4, 0), TEMPLATE_256), T0);

        assertThat(flows).extracting(FlowRecord::packets).containsExactly(2L, 3L);
        assertThat(counters.heldDataDropped().sum()).isEqualTo(1);
    }

    @Test
    void heldBytesAreBounded() throws Exception {
        decoder =
                new NetFlowDecoder(
                        DecoderSettings.defaults().withMaxHeldBytesPerExporter(64), counters);
        for (int i = 0; i < 5; i++) {
            decode(v9(v9Header(1, 7000, i, 0), data256(1, 6000, 6500)), T0);
        }

        assertThat(decoder.heldBytes(EXPORTER)).isLessThanOrEqualTo(64);
        assertThat(decoder.heldDataSetCount(EXPORTER)).isEqualTo(2);
    }

    @Test
    void exportersBeyondTheBoundAreForgottenLeastRecentFirst() throws Exception {
        decoder = new NetFlowDecoder(DecoderSettings.defaults().withMaxExporters(2), counters);
        byte[] template = v9(v9Header(1, 5000, 0, 0), TEMPLATE_256);
        for (int i = 1; i <= 3; i++) {
            IpAddress exporter = IpAddress.parse("192.0.2." + i);
            decoder.decode(exporter, template, 0, template.length, T0, flows::add);
        }

        assertThat(decoder.exporterCount()).isEqualTo(2);
        assertThat(decoder.templateCount(IpAddress.parse("192.0.2.1"))).isZero();
        assertThat(counters.exportersEvicted().sum()).isEqualTo(1);
        assertThat(counters.activeTemplates().sum()).isEqualTo(2);
    }
}
