package dev.flowsentry.decoder.codec;

import static dev.flowsentry.decoder.codec.LabelledHex.bytes;
import static dev.flowsentry.decoder.codec.LabelledHex.hex;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.IPFIX_TEMPLATE_256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.TEMPLATE_256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.UNIX_SECONDS;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.data256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.ipfix;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.ipfixData256;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.v9;
import static dev.flowsentry.decoder.codec.NetFlowV9Datagrams.v9Header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.flow.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Absolute times from every time encoding, across the uptime wrap; sampling from every source. */
class TimeAndSamplingTest {

    private static final IpAddress EXPORTER = IpAddress.parse("192.0.2.7");
    private static final long EXPORT_MS = UNIX_SECONDS * 1000;
    private static final long WRAP_MS = 1L << 32;

    private final DecoderCounters counters = new DecoderCounters();
    private final List<FlowRecord> flows = new ArrayList<>();
    private NetFlowDecoder decoder = new NetFlowDecoder(DecoderSettings.defaults(), counters);

    private void decode(byte[] datagram) throws NetFlowDecodeException {
        decoder.decode(EXPORTER, datagram, 0, datagram.length, EXPORT_MS, flows::add);
    }

    @Test
    void netFlowV9FlowThatStartedBeforeTheUptimeWrapAndEndedAfterIt() throws Exception {
        decode(v9(v9Header(2, 0x200, 0, 0), TEMPLATE_256, data256(1, 0xFFFF_FF00L, 0x100)));

        FlowRecord flow = flows.get(0);
        assertThat(flow.flowEndMs()).isEqualTo(EXPORT_MS - 0x100);
        assertThat(flow.flowStartMs()).isEqualTo(EXPORT_MS - 0x300);
    }

    @Test
    void netFlowV9FlowSwitchedAfterTheHeaderUptimeEndsAfterTheExportTime() throws Exception {
        decode(v9(v9Header(2, 1000, 0, 0), TEMPLATE_256, data256(1, 900, 1005)));

        assertThat(flows.get(0).flowStartMs()).isEqualTo(EXPORT_MS - 100);
        assertThat(flows.get(0).flowEndMs()).isEqualTo(EXPORT_MS + 5);
    }

    @Test
    void netFlowV5FlowAcrossTheUptimeWrap() throws Exception {
        byte[] datagram =
                bytes(
                        "0005 0001 | version 5, 1 record",
                        "00000200 | sysUptime 512 ms, just after the wrap",
                        hex(UNIX_SECONDS, 4) + " 1dcd6500 | unix secs, 500000000 ns",
                        "00000000 00 00 0000 | flow sequence, engine type and id, no sampling",
                        "0a000001 0a000002 00000000 | 10.0.0.1 -> 10.0.0.2, no next hop",
                        "0001 0002 | input and output interface",
                        "00000003 000000b4 | 3 packets, 180 bytes",
                        "ffffff00 00000100 | first switched before the wrap, last after it",
                        "1f90 0035 00 00 11 00 | port 8080 -> 53, pad, no flags, UDP, tos 0",
                        "0000 0000 00 00 0000 | AS numbers, masks, pad");

        decode(datagram);

        FlowRecord flow = flows.get(0);
        assertThat(flow.flowEndMs()).isEqualTo(EXPORT_MS + 500 - 0x100);
        assertThat(flow.flowStartMs()).isEqualTo(EXPORT_MS + 500 - 0x300);
        assertThat(flow.protocol()).isEqualTo(17);
        assertThat(flow.samplingRate()).isEqualTo(1);
    }

    @Test
    void ipfixSysUptimeTimesUseSystemInitTimeFromOptionsAcrossTheWrap() throws Exception {
        long systemInitMs = EXPORT_MS - WRAP_MS - 10_000; // booted 49.7 days and 10 s ago
        String[] optionsTemplate = {
            "0003 0012 | set 3, 18 bytes",
            "0102 0002 0001 | options template 258, 2 fields, 1 scope",
            "0090 0004 | scope: exportingProcessId",
            "00a0 0008 | systemInitTimeMilliseconds"
        };
        String[] options = {
            "0102 0010 | set 258, 16 bytes",
            "00000001 | exporting process 1",
            hex(systemInitMs, 8) + " | system init time"
        };
        String[] template = {
            "0002 0014 | set 2, 20 bytes", "0103 0003 | template 259, 3 fields",
            "0008 0004 | sourceIPv4Address", "0016 0004 | flowStartSysUpTime",
            "0015 0004 | flowEndSysUpTime"
        };
        String[] data = {
            "0103 0010 | set 259, 16 bytes", "0a000001 00001388 00002328 | 10.0.0.1, 5000, 9000"
        };
        CapturedRecords captured = new CapturedRecords();
        decoder = new NetFlowDecoder(DecoderSettings.defaults(), counters, captured);

        decode(ipfix(0, 1, optionsTemplate, options, template, data));

        assertThat(flows).isEmpty(); // no destination address: nothing to publish
        assertThat(captured.size()).isEqualTo(2);
        decode(
                ipfix(
                        2,
                        1,
                        IPFIX_TEMPLATE_256.clone(),
                        new String[] {
                            "0002 0018 | set 2, 24 bytes", "0104 0004 | template 260, 4 fields",
                            "0008 0004 | sourceIPv4Address", "000c 0004 | destinationIPv4Address",
                            "0016 0004 | flowStartSysUpTime", "0015 0004 | flowEndSysUpTime"
                        },
                        new String[] {
                            "0104 0014 | set 260, 20 bytes",
                            "0a000001 0a000002 00001388 00002328 | 5000 to 9000 ms"
                        }));
        FlowRecord flow = flows.get(0);
        assertThat(flow.flowStartMs()).isEqualTo(systemInitMs + WRAP_MS + 5000);
        assertThat(flow.flowEndMs()).isEqualTo(systemInitMs + WRAP_MS + 9000);
    }

    @Test
    void ipfixAbsoluteAndDeltaTimes() throws Exception {
        long ntpSeconds = UNIX_SECONDS + 2_208_988_800L - 60;
        String[] template = {
            "0002 0020 | set 2, 32 bytes", "0105 0006 | template 261, 6 fields",
            "0008 0004 | sourceIPv4Address", "000c 0004 | destinationIPv4Address",
            "0096 0004 | flowStartSeconds", "009d 0008 | flowEndNanoseconds (NTP)",
            "0004 0001 | protocolIdentifier", "00a0 0008 | systemInitTimeMilliseconds (ignored)"
        };
        String[] data = {
            "0105 0021 | set 261, 33 bytes",
            "0a000001 0a000002 | addresses",
            hex(UNIX_SECONDS - 120, 4) + " | start 120 s before export",
            hex(ntpSeconds, 4) + "80000000 | end 60.5 s before export",
            "01 | ICMP",
            "0000000000000000 | system init"
        };
        String[] deltaTemplate = {
            "0002 0018 | set 2, 24 bytes", "0106 0004 | template 262, 4 fields",
            "0008 0004 | sourceIPv4Address", "000c 0004 | destinationIPv4Address",
            "009e 0004 | flowStartDeltaMicroseconds", "009f 0004 | flowEndDeltaMicroseconds"
        };
        String[] deltaData = {
            "0106 0014 | set 262, 20 bytes",
            "0a000001 0a000002 | addresses",
            "001e8480 000f4240 | 2 s and 1 s before export"
        };

        decode(ipfix(0, 1, template, data, deltaTemplate, deltaData));

        assertThat(flows.get(0).flowStartMs()).isEqualTo(EXPORT_MS - 120_000);
        assertThat(flows.get(0).flowEndMs()).isEqualTo(EXPORT_MS - 59_500);
        assertThat(flows.get(1).flowStartMs()).isEqualTo(EXPORT_MS - 2000);
        assertThat(flows.get(1).flowEndMs()).isEqualTo(EXPORT_MS - 1000);
    }

    private static final String[] SAMPLING_OPTIONS_TEMPLATE = {
        "0001 0018 | flowset 1 (options templates), 24 bytes",
        "012c 0004 0008 | template 300, scope length 4, option length 8",
        "0001 0004 | scope: system",
        "0022 0004 | samplingInterval",
        "0023 0001 | samplingAlgorithm",
        "0000 | padding"
    };

    private static String[] samplingOptions(long interval) {
        return new String[] {
            "012c 0010 | flowset 300, 16 bytes",
            "00000000 | system",
            hex(interval, 4) + " 02 | interval, random sampling",
            "000000 | padding"
        };
    }

    @Test
    void netFlowV9SamplingOptionsApplyToLaterRecords() throws Exception {
        decode(v9(v9Header(1, 1000, 0, 0), TEMPLATE_256, data256(1, 900, 950)));
        decode(v9(v9Header(2, 1000, 1, 0), SAMPLING_OPTIONS_TEMPLATE, samplingOptions(100)));
        decode(v9(v9Header(1, 1000, 2, 0), data256(1, 900, 950)));

        assertThat(flows).extracting(FlowRecord::samplingRate).containsExactly(1L, 100L);
        assertThat(counters.optionsRecords().sum()).isEqualTo(1);
    }

    @Test
    void netFlowV9RecordsNamingASamplerTakeThatSamplersInterval() throws Exception {
        String[] samplerTemplate = {
            "0001 0018 | flowset 1, 24 bytes",
            "012d 0004 0008 | template 301, scope length 4, option length 8",
            "0001 0004 | scope: system",
            "0030 0001 | FLOW_SAMPLER_ID",
            "0032 0004 | FLOW_SAMPLER_RANDOM_INTERVAL",
            "0000 | padding"
        };
        String[] samplers = {
            "012d 0018 | flowset 301, 24 bytes, two samplers",
            "00000000 03 000003e8 | system, sampler 3: 1 in 1000",
            "00000000 04 00000010 | system, sampler 4: 1 in 16",
            "0000 | padding"
        };
        String[] dataTemplate = {
            "0000 0014 | flowset 0, 20 bytes", "0101 0003 | template 257, 3 fields",
            "0008 0004 | sourceIPv4Address", "000c 0004 | destinationIPv4Address",
            "0030 0001 | FLOW_SAMPLER_ID"
        };
        String[] data = {
            "0101 0018 | flowset 257, 24 bytes",
            "0a000001 0a000002 03 | sampler 3",
            "0a000001 0a000002 04 | sampler 4",
            "0000 | padding"
        };

        decode(v9(v9Header(4, 1000, 0, 0), samplerTemplate, samplers, dataTemplate, data));

        assertThat(flows).extracting(FlowRecord::samplingRate).containsExactly(1000L, 16L);
    }

    @Test
    void ipfixSamplingPacketIntervalAndSpaceGiveTheRate() throws Exception {
        String[] optionsTemplate = {
            "0003 0016 | set 3, 22 bytes", "0102 0003 0001 | template 258, 3 fields, 1 scope",
            "0090 0004 | scope: exportingProcessId", "0131 0004 | samplingPacketInterval",
            "0132 0004 | samplingPacketSpace"
        };
        String[] options = {
            "0102 0010 | set 258, 16 bytes", "00000001 00000001 00000063 | 1 of 100"
        };

        decode(ipfix(0, 1, optionsTemplate, options, IPFIX_TEMPLATE_256, ipfixData256(1, 0, 0)));

        assertThat(flows.get(0).samplingRate()).isEqualTo(100);
    }

    @Test
    void anOverrideForTheExportersNetworkWinsOverAnnouncedSampling() throws Exception {
        decoder =
                new NetFlowDecoder(
                        DecoderSettings.defaults()
                                .withSamplingOverrides(
                                        Map.of(
                                                IpPrefix.parse("192.0.2.0/24"),
                                                512L,
                                                IpPrefix.parse("192.0.0.0/8"),
                                                2L)),
                        counters);

        decode(
                v9(
                        v9Header(3, 1000, 0, 0),
                        SAMPLING_OPTIONS_TEMPLATE,
                        samplingOptions(100),
                        TEMPLATE_256,
                        data256(1, 900, 950)));

        assertThat(flows.get(0).samplingRate()).isEqualTo(512);
    }

    @Test
    void theDefaultSamplingRateAppliesWhenNothingIsAnnounced() throws Exception {
        decoder =
                new NetFlowDecoder(
                        DecoderSettings.defaults().withDefaultSamplingRate(10), counters);

        decode(v9(v9Header(2, 1000, 0, 0), TEMPLATE_256, data256(1, 900, 950)));

        assertThat(flows.get(0).samplingRate()).isEqualTo(10);
    }
}
