package dev.flowsentry.decoder.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.decoder.codec.CapturedRecords.Event;
import dev.flowsentry.decoder.codec.NetFlowDecodeException.Reason;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every real export datagram in {@code vectors/} (see its README.md) decodes to the values the
 * public collectors' suites expect, fed in the order they list (templates before data). "decode[i]"
 * is the i-th data or options record, as logstash's codec counts its events.
 */
class VectorConformanceTest {

    private static final String LOGSTASH = "logstash-codec-netflow/";
    private static final String PYTHON = "python-netflow-v9-softflowd/";
    private static final IpAddress EXPORTER = IpAddress.parse("192.0.2.1");
    private static final long RECEIVED_MS = 1_700_000_000_000L;

    private final DecoderCounters counters = new DecoderCounters();
    private final CapturedRecords decode = new CapturedRecords();
    private final List<FlowRecord> flows = new ArrayList<>();
    private final NetFlowDecoder decoder =
            new NetFlowDecoder(
                    DecoderSettings.defaults().withTemplateLifetime(java.time.Duration.ZERO),
                    counters,
                    decode);

    private void feed(String... files) throws NetFlowDecodeException {
        for (String file : files) {
            byte[] datagram = Vectors.load(file);
            decoder.decode(EXPORTER, datagram, 0, datagram.length, RECEIVED_MS, flows::add);
        }
    }

    private void feedLogstash(String... files) throws NetFlowDecodeException {
        for (String file : files) {
            feed(LOGSTASH + file);
        }
    }

    @Test
    void netFlowV5FromSoftflowdDecodesTheFirstDatagramOfTheCapture() throws Exception {
        feedLogstash("netflow5.dat");

        assertThat(decode.size()).isEqualTo(2);
        FlowRecord first = decode.event(0).record();
        assertThat(first.version()).isEqualTo(5);
        assertThat(first.srcAddr()).hasToString("10.0.2.2");
        assertThat(first.dstAddr()).hasToString("10.0.2.15");
        // 2015-05-02, not the 2015-06-21 of logstash's uptime arithmetic (INDEX.md caveats).
        assertThat(java.time.Instant.ofEpochMilli(first.flowStartMs()))
                .hasToString("2015-05-02T18:38:04.898Z");
        assertThat(first.flowEndMs() - first.flowStartMs()).isEqualTo(0x0a11 + 1);
    }

    @Test
    void netFlowV5FromJuniperMx80CarriesItsHeaderSamplingInterval() throws Exception {
        feedLogstash("netflow5_test_juniper_mx80.dat");

        assertThat(decode.size()).isEqualTo(29);
        FlowRecord last = decode.event(28).record();
        assertThat(last.srcAddr()).hasToString("66.249.92.75");
        assertThat(last.dstAddr()).hasToString("192.168.0.1");
        assertThat(last.dstPort()).isEqualTo(80);
        assertThat(flows).allSatisfy(flow -> assertThat(flow.samplingRate()).isEqualTo(1000));
    }

    @Test
    void netFlowV5FromMikrotik() throws Exception {
        feedLogstash("netflow5_test_microtik.dat");

        assertThat(decode.size()).isEqualTo(30);
        FlowRecord last = decode.event(29).record();
        assertThat(last.srcAddr()).hasToString("10.0.8.1");
        assertThat(last.dstAddr()).hasToString("192.168.0.1");
        assertThat(last.dstPort()).isEqualTo(51826);
    }

    @Test
    void netFlowV5WithTrailingBytesFromVflow() throws Exception {
        feed("vflow/v5test_top_TestV5FlowPacket_0.bin");

        assertThat(flows).hasSize(29);
        FlowRecord first = flows.get(0);
        assertThat(first.srcAddr()).hasToString("125.238.46.48");
        assertThat(first.srcPort()).isEqualTo(49233);
        assertThat(first.dstAddr()).hasToString("114.23.236.96");
        assertThat(first.dstPort()).isEqualTo(443);
        assertThat(first.nextHop()).hasToString("114.23.3.231");
        assertThat(first.inputIf()).isEqualTo(791);
        assertThat(first.outputIf()).isEqualTo(817);
        assertThat(first.packets()).isEqualTo(4);
        assertThat(first.bytes()).isEqualTo(1708);
        assertThat(first.tcpFlags()).isEqualTo(16);
        assertThat(first.srcAs()).isEqualTo(4771);
        assertThat(first.dstAs()).isEqualTo(56030);
        assertThat(first.srcMask()).isEqualTo(20);
        assertThat(first.dstMask()).isEqualTo(22);
        assertThat(first.samplingRate()).isEqualTo(1000);
    }

    @Test
    void netFlowV5FromGoflow2() throws Exception {
        feed("goflow2/nfv5_TestDecodeNetFlowV5_data_0.bin");

        assertThat(flows).hasSize(6);
        assertThat(flows.get(0).inputIf()).isEqualTo(9);
    }

    @Test
    void netFlowV5FromPythonSoftflowdHasAnIcmpPairAndMulticast() throws Exception {
        feed(PYTHON + "PACKET_V5.bin");

        assertThat(flows).hasSize(3);
        assertThat(flows.get(0).protocol()).isEqualTo(1);
        assertThat(flows.get(0).icmpType()).isNotEqualTo(FlowRecord.ABSENT);
        assertThat(flows).anySatisfy(f -> assertThat(f.dstAddr()).hasToString("224.0.0.251"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"netflow5_test_invalid01.dat", "netflow5_test_invalid02.dat"})
    void netFlowV5WhoseCountExceedsTheDatagramIsRejectedAndCounted(String file) {
        assertThatThrownBy(() -> feedLogstash(file))
                .isInstanceOfSatisfying(
                        NetFlowDecodeException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(Reason.LENGTH_MISMATCH);
                            assertThat(e.version()).isEqualTo(5);
                            assertThat(e.offset()).isEqualTo(2);
                        });
        assertThat(counters.decodeErrors(Reason.LENGTH_MISMATCH)).isEqualTo(1);
        assertThat(flows).isEmpty();
    }

    @Test
    void garbageWithAnUnknownVersionIsRejectedAndCounted() {
        assertThatThrownBy(() -> feed(PYTHON + "PACKET_INVALID.bin"))
                .isInstanceOfSatisfying(
                        NetFlowDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION));
        assertThat(counters.decodeErrors(Reason.UNSUPPORTED_VERSION)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                PYTHON + "PACKET_V1.bin",
                "goflow2/sflow_TestExpandedSFlowDecode_data_1.bin",
                "goflow2/sflow_TestSFlowDecodeDropEgressQueue_data_2.bin",
                "goflow2/sflow_TestSFlowDecodeDropExtendedACL_data_3.bin",
                "goflow2/sflow_TestSFlowDecodeDropExtendedFunction_data_4.bin",
                "goflow2/sflow_TestSFlowDecode_data_0.bin",
                "vflow/sflowtest_top_TestsFlowRawPacket_0.bin",
                "vflow/stress_sFlowDataSamples_0.bin",
                "vflow/stress_sFlowDataSamples_1.bin",
                "vflow/stress_sFlowDataSamples_2.bin",
                "vflow/stress_sFlowDataSamples_3.bin"
            })
    void netFlowV1AndSflowAreCountedAsUnsupportedVersions(String file) {
        assertThatThrownBy(() -> feed(file))
                .isInstanceOfSatisfying(
                        NetFlowDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION));
        assertThat(counters.decodeErrors(Reason.UNSUPPORTED_VERSION)).isEqualTo(1);
        assertThat(counters.decodeErrors()).isEqualTo(1);
    }

    @Test
    void truncationsOfEveryVectorAreRejectedWithoutAnyOtherException() throws Exception {
        for (String file : TruncationCorpus.FILES) {
            byte[] datagram = Vectors.load(file);
            NetFlowDecoder fresh = new NetFlowDecoder(DecoderSettings.defaults(), counters);
            for (int length = 0; length < datagram.length; length += 7) {
                try {
                    fresh.decode(EXPORTER, datagram, 0, length, RECEIVED_MS, flows::add);
                } catch (NetFlowDecodeException expected) {
                    assertThat(expected.reason()).isNotEqualTo(Reason.DECODER_FAULT);
                }
            }
        }
        assertThat(counters.decodeErrors()).isGreaterThan(500);
        assertThat(counters.decodeErrors(Reason.DECODER_FAULT)).isZero();
    }

    @Test
    void netFlowV9FromSoftflowdWithAnIpv6Flow() throws Exception {
        feedLogstash("netflow9_test_valid01.dat");

        assertThat(decode.size()).isEqualTo(7);
        assertThat(decode.event(0).record().version()).isEqualTo(9);
        FlowRecord ipv6 = decode.event(6).record();
        assertThat(ipv6.srcAddr()).hasToString("fe80::20c:29ff:fe83:3b6e");
        assertThat(ipv6.dstAddr()).hasToString("ff02::1");
        assertThat(ipv6.protocol()).isEqualTo(FlowRecord.PROTOCOL_ICMPV6);
        assertThat(ipv6.icmpType()).isEqualTo(134); // router advertisement, from the port
        assertThat(ipv6.icmpCode()).isZero();
    }

    @Test
    void netFlowV9WhoseLogstashParserFailedDecodesWithItsSamplingOptions() throws Exception {
        // INDEX.md calls it malformed: logstash assumes 4-byte aligned options template sets and
        // misreads the next set id. The datagram is consistent (set lengths add up exactly); only
        // its header count (2 for 6 records) is off, as with many real exporters.
        feedLogstash("netflow9_test_invalid01.dat");

        assertThat(decode.size()).isEqualTo(3);
        assertThat(decode.event(0).options()).isTrue();
        assertThat(decode.event(0).unsigned(InformationElement.SAMPLING_INTERVAL)).isEqualTo(100);
        assertThat(flows).hasSize(2).allSatisfy(f -> assertThat(f.samplingRate()).isEqualTo(100));
        assertThat(counters.decodeErrors()).isZero();
    }

    @Test
    void netFlowV9FromCiscoAsr1001xAnd1941() throws Exception {
        feedLogstash("netflow9_cisco_asr1001x_tpl259.dat", "netflow9_test_cisco_1941K9.dat");

        assertThat(decode.size()).isEqualTo(25 + 29);
        assertThat(counters.decodeErrors()).isZero();
    }

    @Test
    void netFlowV9WithZeroLengthFields() throws Exception {
        feedLogstash("netflow9_test_0length_fields_tpl_data.dat");

        assertThat(decode.size()).isEqualTo(10);
        assertThat(decode.event(9).record().srcAddr()).hasToString("192.168.1.33");
    }

    @Test
    void netFlowV9FromCiscoAci() throws Exception {
        feedLogstash(
                "netflow9_test_cisco_aci_tpl256-258.dat", "netflow9_test_cisco_aci_data256.dat");

        assertThat(decode.size()).isEqualTo(3);
        assertThat(decode.event(0).record().srcAddr()).hasToString("10.154.231.145");
    }

    @Test
    void netFlowV9FromCiscoAsa() throws Exception {
        feedLogstash("netflow9_test_cisco_asa_1_tpl.dat", "netflow9_test_cisco_asa_1_data.dat");

        assertThat(decode.size()).isEqualTo(14);
        assertThat(decode.event(1).record().version()).isEqualTo(9);
    }

    @Test
    void netFlowV9FromCiscoAsaTakesForwardBytesWhenNoOctetDeltaCount() throws Exception {
        feedLogstash(
                "netflow9_test_cisco_asa_2_tpl_26x.dat",
                "netflow9_test_cisco_asa_2_tpl_27x.dat",
                "netflow9_test_cisco_asa_2_data.dat");

        assertThat(decode.size()).isEqualTo(19);
        Event last = decode.event(18);
        assertThat(last.record().srcAddr()).hasToString("192.168.0.1");
        assertThat(last.record().dstAddr()).hasToString("192.168.0.18");
        assertThat(last.unsigned(InformationElement.INITIATOR_OCTETS)).isEqualTo(69);
        assertThat(last.record().bytes()).isEqualTo(69);
    }

    @Test
    void netFlowV9OptionsFromCiscoAsr9kNameInterfaces() throws Exception {
        feedLogstash(
                "netflow9_test_cisco_asr9k_opttpl256.dat", "netflow9_test_cisco_asr9k_data256.dat");

        assertThat(decode.size()).isEqualTo(19);
        assertThat(decode.event(18).options()).isTrue();
        assertThat(decode.event(18).text(0, 83)).isEqualTo("TenGigE0_6_0_2"); // if_desc
    }

    @Test
    void netFlowV9FromCiscoAsr9kCarriesVrfIds() throws Exception {
        feedLogstash(
                "netflow9_test_cisco_asr9k_tpl260.dat", "netflow9_test_cisco_asr9k_data260.dat");

        assertThat(decode.size()).isEqualTo(21);
        assertThat(decode.event(20).unsigned(235)).isEqualTo(1610612736); // egressVRFID
        assertThat(decode.event(20).record().direction()).isIn(0, 1);
    }

    @Test
    void netFlowV9OtherCiscoAsr9kOptionsTemplatesAreLearned() throws Exception {
        feedLogstash(
                "netflow9_test_cisco_asr9k_opttpl257.dat",
                "netflow9_test_cisco_asr9k_opttpl334.dat",
                "netflow9_test_cisco_asr9k_tpl266.dat");

        assertThat(decoder.templateCount(EXPORTER)).isEqualTo(3);
    }

    @Test
    void netFlowV9FromCiscoNbarCarriesApplicationIds() throws Exception {
        feedLogstash("netflow9_test_cisco_nbar_tpl262.dat", "netflow9_test_cisco_nbar_data262.dat");

        assertThat(decode.size()).isEqualTo(5);
        assertThat(applicationId(decode.event(4))).isEqualTo("5..38");
    }

    @Test
    void netFlowV9OptionsFromCiscoNbarNameApplications() throws Exception {
        feedLogstash("netflow9_test_cisco_nbar_opttpl260.dat");

        assertThat(decode.size()).isEqualTo(15);
        assertThat(applicationId(decode.event(14))).isEqualTo("1..13");
        assertThat(decode.event(14).text(0, 94)).isEqualTo("ARGUS");
    }

    @Test
    void netFlowV9FromCiscoWlcHasNoFlowAddressesSoPublishesNothing() throws Exception {
        feedLogstash("netflow9_test_cisco_wlc_tpl.dat", "netflow9_test_cisco_wlc_data261.dat");

        assertThat(decode.size()).isEqualTo(19);
        assertThat(applicationId(decode.event(18))).isEqualTo("13..431");
        assertThat(flows).isEmpty();
        assertThat(counters.recordsWithoutAddresses().sum()).isEqualTo(19);
    }

    @Test
    void netFlowV9OptionsTemplatesFromCiscoWlc8510AreLearned() throws Exception {
        feedLogstash("netflow9_test_cisco_wlc_8510_tpl_262.dat");

        assertThat(decoder.templateCount(EXPORTER)).isEqualTo(4);
        assertThat(counters.decodeErrors()).isZero();
    }

    @Test
    void netFlowV9WithLayer2SegmentId() throws Exception {
        feedLogstash(
                "netflow9_test_field_layer2segmentid_tpl.dat",
                "netflow9_test_field_layer2segmentid_data.dat");

        assertThat(decode.size()).isEqualTo(1);
        assertThat(decode.event(0).unsigned(351)).isZero();
        assertThat(decode.event(0).record().vlan()).isEqualTo(0x0c66);
    }

    @Test
    void netFlowV9FromFortigate521() throws Exception {
        feedLogstash(
                "netflow9_test_fortigate_fortios_521_tpl.dat",
                "netflow9_test_fortigate_fortios_521_data256.dat",
                "netflow9_test_fortigate_fortios_521_data257.dat");

        assertThat(decode.size()).isEqualTo(2);
        assertThat(decode.event(0).unsigned(40)).isEqualTo(6871319015L); // total_bytes_exp
        assertThat(decode.event(1).record().srcAddr()).hasToString("192.168.99.7");
    }

    @Test
    void netFlowV9FromFortigate542CarriesApplicationIds() throws Exception {
        feedLogstash(
                "netflow9_test_fortigate_fortios_542_appid_tpl258-269.dat",
                "netflow9_test_fortigate_fortios_542_appid_data258_262.dat");

        assertThat(decode.size()).isEqualTo(17);
        assertThat(applicationId(decode.event(1))).isEqualTo("20..12356..40568");
        assertThat(applicationId(decode.event(2))).isEqualTo("20..12356..40568");
        assertThat(applicationId(decode.event(16))).isEqualTo("20..12356..0");
    }

    @Test
    void netFlowV9FromH3c() throws Exception {
        feedLogstash("netflow9_test_h3c_tpl3281.dat", "netflow9_test_h3c_data3281.dat");

        assertThat(decode.size()).isEqualTo(16);
        assertThat(decode.event(11).unsigned(93)).isEqualTo(4294967295L); // dst_traffic_index
        assertThat(decode.event(11).unsigned(92)).isZero(); // src_traffic_index
    }

    @Test
    void netFlowV9FromH3cWithAVariableLengthString() throws Exception {
        feedLogstash(
                "netflow9_test_h3c_netstream_varstring_tpl3281.dat",
                "netflow9_test_h3c_netstream_varstring_data3281.dat");

        assertThat(decode.size()).isEqualTo(1);
        assertThat(decode.event(0).text(0, 236)).isEmpty(); // VRFname
        assertThat(decode.event(0).record().srcPort()).isEqualTo(137);
    }

    @Test
    void netFlowV9FromHuaweiNetstream() throws Exception {
        feedLogstash(
                "netflow9_test_huawei_netstream_tpl.dat",
                "netflow9_test_huawei_netstream_data.dat");

        assertThat(decode.size()).isEqualTo(1);
        assertThat(decode.event(0).unsigned(232)).isZero(); // rev_flow_delta_bytes
    }

    @Test
    void netFlowV9FromIptNetflowWithReducedSizeEncoding() throws Exception {
        feedLogstash("netflow9_test_iptnetflow_reduced_size_encoding_tpldata260.dat");

        assertThat(decode.size()).isEqualTo(12);
        Event last = decode.event(11);
        assertThat(last.field(80).mac()).isEqualTo("00:1b:21:bc:24:dd"); // in_dst_mac
        assertThat(last.record().srcAddr()).hasToString("2.17.140.47");
        assertThat(last.record().dstMac()).isEqualTo(0x001b21bc24ddL);
        assertThat(last.record().packets()).isEqualTo(3);
        assertThat(last.record().bytes()).isEqualTo(187);
        // Data sets of templates 259 and 262, never defined in this capture, wait for them.
        assertThat(counters.templateMisses().sum()).isEqualTo(6);
        assertThat(decoder.heldDataSetCount(EXPORTER)).isEqualTo(6);
    }

    @Test
    void netFlowV9OptionsTemplateWithAZeroLengthScopeFromJuniperSrx() throws Exception {
        feedLogstash("netflow9_test_juniper_srx_tplopt.dat");

        assertThat(decode.size()).isEqualTo(1);
        assertThat(decode.event(0).unsigned(InformationElement.SAMPLING_ALGORITHM)).isEqualTo(2);
    }

    @Test
    void netFlowV9WithMacAddresses() throws Exception {
        feedLogstash("netflow9_test_macaddr_tpl.dat", "netflow9_test_macaddr_data.dat");

        Event second = decode.event(1);
        assertThat(second.field(56).mac()).isEqualTo("00:50:56:c0:00:01");
        assertThat(second.field(80).mac()).isEqualTo("00:0c:29:70:86:09");
        assertThat(second.record().srcMac()).isEqualTo(0x005056c00001L);
        assertThat(second.record().dstMac()).isEqualTo(0x000c29708609L);
    }

    @Test
    void netFlowV9FromNprobeWithDpi() throws Exception {
        feedLogstash("netflow9_test_nprobe_dpi.dat");

        assertThat(decode.size()).isEqualTo(1);
        assertThat(decode.event(0).unsigned(57590)).isEqualTo(82); // nprobe_proto
        assertThat(applicationId(decode.event(0))).isEqualTo("0..82");
        assertThat(decode.event(0).record().bytes()).isEqualTo(82);
    }

    @Test
    void netFlowV9TemplatesOfTwoExportersSharingAnAddressKeepTheirSourceIds() throws Exception {
        feedLogstash(
                "netflow9_test_nprobe_tpl.dat",
                "netflow9_test_softflowd_tpl_data.dat",
                "netflow9_test_nprobe_data.dat");

        assertThat(decode.size()).isEqualTo(9);
        assertThat(decode.event(1).record().srcPort()).isEqualTo(123);
        assertThat(decode.event(8).record().srcPort()).isEqualTo(22);
        assertThat(decode.event(8).record().observationDomain()).isEqualTo(147);
    }

    @Test
    void netFlowV9FromPaloAlto81InAZeroFilledDatagram() throws Exception {
        feedLogstash(
                "netflow9_test_paloalto_81_tpl256-263.dat",
                "netflow9_test_paloalto_81_data257_1flowset_in_large_zerofilled_packet.dat");

        assertThat(decode.size()).isEqualTo(1);
        assertThat(decode.event(0).text(0, 56701)).isEqualTo("kerberos"); // app_id
        assertThat(decode.event(0).record().srcAddr()).hasToString("134.220.2.6");
        assertThat(decode.event(0).record().icmpType()).isEqualTo(FlowRecord.ABSENT);
        assertThat(counters.decodeErrors()).isZero();
    }

    @Test
    void netFlowV9FromPaloAltoPanos() throws Exception {
        feedLogstash(
                "netflow9_test_paloalto_panos_tpl.dat", "netflow9_test_paloalto_panos_data.dat");

        assertThat(decode.size()).isEqualTo(8);
        assertThat(decode.event(7).text(0, 56701)).isEqualTo("incomplete");
    }

    @Test
    void netFlowV9FromStreamcore() throws Exception {
        feedLogstash(
                "netflow9_test_streamcore_tpl_data256.dat",
                "netflow9_test_streamcore_tpl_data260.dat");

        assertThat(decode.size()).isEqualTo(4);
        assertThat(decode.event(0).unsigned(8384)).isEqualTo(1171); // streamcore_id_rule_1
        assertThat(decode.event(3).text(0, 8256)).isEqualTo("live.lemde.fr");
    }

    @Test
    void netFlowV9FromUbiquitiEdgeRouter() throws Exception {
        feedLogstash(
                "netflow9_test_ubnt_edgerouter_tpl.dat",
                "netflow9_test_ubnt_edgerouter_data1024.dat",
                "netflow9_test_ubnt_edgerouter_data1025.dat");

        assertThat(decode.size()).isEqualTo(16);
        assertThat(decode.event(0).record().srcAddr()).hasToString("10.1.0.135");
        assertThat(decode.event(15).record().srcAddr()).hasToString("192.168.1.102");
    }

    @Test
    void netFlowV9WithAbsoluteSecondsFields() throws Exception {
        feedLogstash("netflow9_test_unknown_tpl266_292_data.dat");

        assertThat(decode.size()).isEqualTo(2);
        assertThat(decode.event(1).unsigned(InformationElement.FLOW_START_SECONDS))
                .isEqualTo(1512147869);
        assertThat(decode.event(1).unsigned(InformationElement.FLOW_END_SECONDS))
                .isEqualTo(1512147869);
        assertThat(decode.event(1).record().flowStartMs()).isEqualTo(1512147869000L);
        assertThat(decode.event(1).record().flowEndMs()).isEqualTo(1512147869000L);
    }

    @Test
    void netFlowV9FromPythonSoftflowdTemplatesThenDataPackets() throws Exception {
        feed(
                PYTHON + "PACKET_V9_TEMPLATE.bin",
                PYTHON + "PACKETS_V9_0.bin",
                PYTHON + "PACKETS_V9_1.bin",
                PYTHON + "PACKETS_V9_2.bin");

        assertThat(flows).hasSize(8 + 3 * 12);
        assertThat(flows.get(0).protocol()).isEqualTo(FlowRecord.PROTOCOL_TCP);
        assertThat(flows.get(0).srcPort()).isEqualTo(80);
        assertThat(flows.get(0).srcAddr()).hasToString("127.0.0.1");
        assertThat(flows.get(7).protocol()).isEqualTo(FlowRecord.PROTOCOL_UDP);
        assertThat(flows.get(7).dstPort()).isEqualTo(53);
        assertThat(counters.sequenceGaps().sum()).isZero();
    }

    @Test
    void netFlowV9DataBeforeItsTemplateInTheSameDatagramIsDecoded() throws Exception {
        feed(PYTHON + "PACKET_V9_TEMPLATE_MIXED.bin");

        assertThat(flows).hasSize(8);
        assertThat(decoder.templateCount(EXPORTER)).isEqualTo(2);
        assertThat(counters.heldDataDecoded().sum()).isEqualTo(1);
        assertThat(counters.heldDataSets().sum()).isZero();
    }

    @Test
    void netFlowV9DataWithoutTemplatesAndTrailingZerosExportsNothing() throws Exception {
        feed(PYTHON + "PACKET_V9_WITH_ZEROS.bin");

        assertThat(flows).isEmpty();
        assertThat(counters.templateMisses().sum()).isEqualTo(5);
        assertThat(counters.decodeErrors()).isZero();
    }

    @Test
    void netFlowV9FromGoflow2AndItsTruncationDecodesWhatFits() throws Exception {
        feed(
                "goflow2/nfv9_TestDecodeNetFlowV9_template_0.bin",
                "goflow2/nfv9_TestDecodeNetFlowV9_data_1.bin");
        assertThat(flows).hasSize(21);
        flows.clear();

        byte[] data = Vectors.load("goflow2/nfv9_TestDecodeNetFlowV9_data_1.bin");
        assertThatThrownBy(() -> decoder.decode(EXPORTER, data, 0, 89, RECEIVED_MS, flows::add))
                .isInstanceOfSatisfying(
                        NetFlowDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SET_LENGTH));
        assertThat(flows)
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.observationDomain()).isEqualTo(256));
    }

    @Test
    void ipfixFromSoftflowdReadsSystemInitTimeFromOptions() throws Exception {
        feedLogstash("ipfix.dat");

        assertThat(decode.size()).isEqualTo(7);
        assertThat(decode.event(0).options()).isTrue();
        assertThat(decode.event(0).unsigned(160)).isEqualTo(1431516013506L);
        assertThat(decode.event(1).record().version()).isEqualTo(10);
        // Times come from flowStart/EndSysUpTime plus systemInitTimeMilliseconds.
        FlowRecord flow = decode.event(1).record();
        assertThat(flow.flowStartMs()).isBetween(1431516013506L, 1431516013506L + 86_400_000L);
    }

    @Test
    void ipfixFromBarracuda() throws Exception {
        feedLogstash("ipfix_test_barracuda_tpl.dat", "ipfix_test_barracuda_data256.dat");

        assertThat(decode.size()).isEqualTo(8);
        assertThat(decode.event(7).unsigned(233)).isEqualTo(2); // firewallEvent
    }

    @Test
    void ipfixFromBarracudaWithEnterpriseElements() throws Exception {
        feedLogstash(
                "ipfix_test_barracuda_extended_uniflow_tpl256.dat",
                "ipfix_test_barracuda_extended_uniflow_data256.dat");

        assertThat(decode.size()).isEqualTo(2);
        Event second = decode.event(1);
        assertThat(second.text(10704, 4)).isEqualTo("MTH:MTH-MC-to-Inet"); // FW_Rule
        assertThat(second.text(10704, 7)).isEqualTo("Normal Operation"); // ReasonText
        assertThat(second.field(10704, 8).address()).isEqualTo("213.208.150.99");
    }

    @Test
    void ipfixFromIxiaWithVariableLengthStrings() throws Exception {
        feedLogstash("ipfix_test_ixia_tpldata256.dat", "ipfix_test_ixia_tpldata271.dat");

        assertThat(decode.event(0).text(3054, 187))
                .isEqualTo("UNISAINS-AS-AP Universiti Sains Malaysia (USM), MY");
        assertThat(counters.decodeErrors()).isZero();
    }

    @Test
    void ipfixOptionsFromJuniperMx240SetSampling() throws Exception {
        feedLogstash(
                "ipfix_test_juniper_mx240_junos151r6s3_opttpl512.dat",
                "ipfix_test_juniper_mx240_junos151r6s3_data512.dat");

        assertThat(decode.size()).isEqualTo(1);
        assertThat(decode.event(0).address(130)).isEqualTo("10.0.0.1"); // exporterIPv4Address
        assertThat(decode.event(0).unsigned(InformationElement.SAMPLING_INTERVAL)).isEqualTo(1000);
    }

    @Test
    void ipfixFromMikrotikWithNatAndIpv6NextHop() throws Exception {
        feedLogstash(
                "ipfix_test_mikrotik_tpl.dat",
                "ipfix_test_mikrotik_data258.dat",
                "ipfix_test_mikrotik_data259.dat");

        assertThat(decode.size()).isEqualTo(46);
        assertThat(decode.event(0).address(226)).isEqualTo("192.168.128.17");
        assertThat(decode.event(45).address(62)).isEqualTo("ff02::1");
        assertThat(decode.event(45).record().nextHop()).hasToString("ff02::1");
    }

    @Test
    void ipfixFromNetscalerWithVariableLengthFields() throws Exception {
        feedLogstash("ipfix_test_netscaler_tpl.dat", "ipfix_test_netscaler_data.dat");

        assertThat(decode.size()).isEqualTo(3);
        FlowRecord first = decode.event(0).record();
        assertThat(first.version()).isEqualTo(10);
        assertThat(first.srcAddr()).hasToString("192.168.0.1");
        assertThat(first.dstAddr()).hasToString("10.0.0.1");
    }

    @Test
    void ipfixFromNokiaBrasWithNatFields() throws Exception {
        feedLogstash("ipfix_test_nokia_bras_tpl.dat", "ipfix_test_nokia_bras_data256.dat");

        assertThat(decode.size()).isEqualTo(1);
        assertThat(decode.event(0).unsigned(637, 91)).isEqualTo(100); // natInsideSvcid
        assertThat(decode.event(0).unsigned(637, 92)).isZero(); // natOutsideSvcid
        assertThat(decode.event(0).text(637, 93)).isEqualTo("USER1@10.10.0.123");
    }

    @Test
    void ipfixFromOpenbsdPflow() throws Exception {
        feedLogstash("ipfix_test_openbsd_pflow_tpl.dat", "ipfix_test_openbsd_pflow_data.dat");

        assertThat(decode.size()).isEqualTo(26);
        FlowRecord last = decode.event(25).record();
        assertThat(last.srcAddr()).hasToString("192.168.0.1");
        assertThat(last.dstAddr()).hasToString("192.168.0.17");
        assertThat(last.bytes()).isEqualTo(6425);
    }

    @Test
    void ipfixFromProcera() throws Exception {
        feedLogstash("ipfix_test_procera_tpl52935.dat", "ipfix_test_procera_data52935.dat");

        assertThat(decode.size()).isEqualTo(8);
        assertThat(decode.event(7).record().srcAddr()).hasToString("138.44.161.14");
        assertThat(decode.event(7).text(15397, 1)).isEqualTo("BGP-4");
        assertThat(decode.event(7).text(15397, 15))
                .isEqualTo("INTERACTIVE,CLIENT_IS_LOCAL,INBOUND,ESTABLISHED,ACTIVE");
    }

    @Test
    void ipfixFromViptela() throws Exception {
        feedLogstash("ipfix_test_viptela_tpl257.dat", "ipfix_test_viptela_data257.dat");

        assertThat(decode.size()).isEqualTo(1);
        assertThat(decode.event(0).unsigned(41916, 4321)).isEqualTo(100); // viptelaVPNId
    }

    @Test
    void ipfixFromVmwareDistributedSwitchWithIpv6() throws Exception {
        feedLogstash(
                "ipfix_test_vmware_vds_tpl.dat",
                "ipfix_test_vmware_vds_data264.dat",
                "ipfix_test_vmware_vds_data266.dat",
                "ipfix_test_vmware_vds_data266_267.dat");

        assertThat(decode.size()).isEqualTo(5);
        FlowRecord last = decode.event(4).record();
        assertThat(last.srcAddr()).hasToString("fe80::5187:5cd8:d750:cdc9");
        assertThat(last.dstAddr()).hasToString("ff02::1:3");
        assertThat(last.bytes()).isEqualTo(144);
    }

    @Test
    void ipfixFromYafWithBiflowsAndStatisticsOptions() throws Exception {
        feedLogstash(
                "ipfix_test_yaf_tpls_option_tpl.dat",
                "ipfix_test_yaf_tpl45841.dat",
                "ipfix_test_yaf_data45841.dat",
                "ipfix_test_yaf_data45873.dat",
                "ipfix_test_yaf_data53248.dat");

        assertThat(decode.size()).isEqualTo(3);
        assertThat(decode.event(0).unsigned(6871, 33)).isEqualTo(53); // silkAppLabel
        assertThat(decode.event(1).unsigned(6871, 14)).isEqualTo(194); // initialTCPFlags
        assertThat(decode.event(2).unsigned(6871, 105)).isEqualTo(58); // flowTablePeakCount
    }

    @Test
    void ipfixFromPythonSoftflowdTemplatesOptionsAndData() throws Exception {
        feed(PYTHON + "PACKET_IPFIX_TEMPLATE.bin");

        // The Python suite's "flows" count the options record as flow 0.
        assertThat(decode.size()).isEqualTo(20);
        Event options = decode.event(0);
        assertThat(options.options()).isTrue();
        assertThat(options.unsigned(143)).isEqualTo(2649); // meteringProcessId
        assertThat(options.unsigned(304)).isEqualTo(1); // selectorAlgorithm
        assertThat(options.unsigned(160)).isEqualTo(1585735165729L);
        FlowRecord first = decode.event(1).record();
        assertThat(first.dstAddr()).hasToString("172.17.0.2");
        assertThat(first.srcPort()).isEqualTo(443);
        assertThat(first.dstPort()).isEqualTo(57766);
        assertThat(first.tcpFlags()).isEqualTo(0x1b);
        assertThat(first.flowStartMs()).isEqualTo(1585735165729L + 0xff7ed688L);
        assertThat(first.samplingRate()).isEqualTo(1); // 1 in (1 + 0): samplingPacketInterval
        FlowRecord seventeenth = decode.event(17).record();
        assertThat(seventeenth.protocol()).isEqualTo(FlowRecord.PROTOCOL_UDP);
        assertThat(seventeenth.srcAddr()).hasToString("fde6:6f14:e0f1:9609:0:affe:affe:affe");

        feed(PYTHON + "PACKET_IPFIX.bin");
        assertThat(flows).hasSize(19 + 3);
    }

    @Test
    void ipfixFromPythonSoftflowdWithEthernetFields() throws Exception {
        feed(PYTHON + "PACKET_IPFIX_TEMPLATE_ETHER.bin", PYTHON + "PACKET_IPFIX_ETHER.bin");

        Event options = decode.event(0);
        assertThat(options.unsigned(143)).isEqualTo(9);
        assertThat(options.unsigned(160)).isEqualTo(759538800000L);
        assertThat(decode.event(1).field(56).unsigned()).isEqualTo(0x123456affefeL);
        assertThat(decode.event(1).field(57).unsigned()).isEqualTo(0xaffeaffeaffeL);
        assertThat(decode.event(1).record().srcMac()).isEqualTo(0x123456affefeL);
        assertThat(decode.event(1).record().dstMac()).isEqualTo(0xaffeaffeaffeL);
        assertThat(counters.decodeErrors()).isZero();
    }

    @Test
    void ipfixWithSetPadding() throws Exception {
        feed(PYTHON + "PACKET_IPFIX_PADDING.bin");

        Event last = decode.event(decode.size() - 1);
        assertThat(last.unsigned(143)).isEqualTo(45786); // meteringProcessId
        assertThat(counters.decodeErrors()).isZero();
    }

    @Test
    void ipfixFromVflowWhoseSetsOverrunTheMessageLengthIsRejectedAfterWhatFits() throws Exception {
        feed("vflow/ipfixtest_init_tpl_0.bin", "vflow/ipfixtest_init_optsTpl_1.bin");

        // Header length 1366 in a 1409-byte datagram: the last set ends 43 bytes after it.
        assertThatThrownBy(() -> feed("vflow/ipfixtest_init_multiMessage_2.bin"))
                .isInstanceOfSatisfying(
                        NetFlowDecodeException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(Reason.BAD_SET_LENGTH);
                            assertThat(e.templateId()).isEqualTo(264);
                            assertThat(e.observationDomain()).isEqualTo(1);
                        });
        assertThat(decoder.templateCount(EXPORTER)).isEqualTo(12);
        assertThat(flows).isNotEmpty();
        // Header length 1366 in a 214-byte datagram.
        assertThatThrownBy(() -> feed("vflow/ipfixtest_init_unknownDatasetMessage_3.bin"))
                .isInstanceOfSatisfying(
                        NetFlowDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LENGTH_MISMATCH));
    }

    @Test
    void ipfixStressSamplesFromVflowDecodeWithATemplateOfTheirDomain() throws Exception {
        // The README's decoded record needs a template of domain 32771; the stress templates have
        // other domains, so it is held. Announce template 256 of stress_ipfixTemplates_0 under
        // domain 32771 (bytes 12..15 of the header) and the held data is decoded.
        for (int i = 0; i < 4; i++) {
            feed("vflow/stress_ipfixTemplates_" + i + ".bin");
        }
        for (int i = 0; i < 3; i++) {
            feed("vflow/stress_ipfixTemplatesOpt_" + i + ".bin");
        }
        feed("vflow/stress_ipfixDataSamples_0.bin");
        assertThat(flows).isEmpty();
        assertThat(decoder.heldDataSetCount(EXPORTER)).isEqualTo(1);

        byte[] template = Vectors.load("vflow/stress_ipfixTemplates_0.bin");
        template[12] = 0;
        template[13] = 0;
        template[14] = (byte) 0x80;
        template[15] = 0x03;
        decoder.decode(EXPORTER, template, 0, template.length, RECEIVED_MS, flows::add);

        FlowRecord first = flows.get(0);
        // vflow's README shows 192.16.28.217 -> 180.10.210.240: its addresses are edited, every
        // other value matches the bytes.
        assertThat(first.srcAddr()).hasToString("192.16.48.217");
        assertThat(first.srcPort()).isEqualTo(443);
        assertThat(first.dstAddr()).hasToString("186.19.213.240");
        assertThat(first.dstPort()).isEqualTo(64381);
        assertThat(first.protocol()).isEqualTo(6);
        assertThat(first.inputIf()).isEqualTo(811);
        assertThat(first.outputIf()).isEqualTo(1113);
        assertThat(first.bytes()).isEqualTo(22500);
        assertThat(first.packets()).isEqualTo(15);
        assertThat(first.flowStartMs()).isEqualTo(1483484581770L);
        assertThat(first.flowEndMs()).isEqualTo(1483484622384L);
    }

    /** Logstash's application_id: the classification engine id, then the selector's parts. */
    private static String applicationId(Event event) {
        byte[] value = event.field(95).value();
        StringBuilder text = new StringBuilder().append(value[0] & 0xFF);
        if (value.length == 4) {
            return text.append("..")
                    .append(
                            new CapturedRecords.Field(
                                            0, 0, false, java.util.Arrays.copyOfRange(value, 1, 4))
                                    .unsigned())
                    .toString();
        }
        for (int at = 1; at + 4 <= value.length; at += 4) {
            text.append("..")
                    .append(
                            new CapturedRecords.Field(
                                            0,
                                            0,
                                            false,
                                            java.util.Arrays.copyOfRange(value, at, at + 4))
                                    .unsigned());
        }
        return text.toString();
    }
}
