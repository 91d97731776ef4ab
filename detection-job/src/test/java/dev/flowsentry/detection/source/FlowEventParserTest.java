package dev.flowsentry.detection.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostAddress;
import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.FlowRecordJson;
import dev.flowsentry.flow.InvalidFlowRecordException;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.traffic.scenario.LabelledScenario;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class FlowEventParserTest {

    private final FlowEventParser parser = new FlowEventParser();

    @Test
    void readsTheContractFieldsAndScalesCountersBySamplingRate() throws Exception {
        FlowRecord record = record("192.0.2.10", "10.1.2.3").samplingRate(100).build();

        FlowEvent event = new FlowEvent();
        parser.parse(new FlowRecordJson().toBytes(record), event);

        assertThat(HostAddress.text(event.srcHigh, event.srcLow)).isEqualTo("192.0.2.10");
        assertThat(HostAddress.text(event.dstHigh, event.dstLow)).isEqualTo("10.1.2.3");
        assertThat(event.packets).isEqualTo(300);
        assertThat(event.bytes).isEqualTo(18_000);
        assertThat(event.samplingRate).isEqualTo(100);
        assertThat(event.srcPort).isEqualTo(51000);
        assertThat(event.dstPort).isEqualTo(443);
        assertThat(event.protocol).isEqualTo(6);
        assertThat(event.tcpFlags).isEqualTo(0x02);
        assertThat(event.endMs).isEqualTo(1_767_603_600_000L);
    }

    @Test
    void readsIpv6AddressesAndKeepsIpv4MappedOnesAsIpv4() throws Exception {
        FlowEvent event = new FlowEvent();
        parser.parse(json(record("2001:db8::1", "::ffff:10.0.0.1").build()), event);
        assertThat(HostAddress.text(event.srcHigh, event.srcLow)).isEqualTo("2001:db8::1");
        assertThat(HostAddress.text(event.dstHigh, event.dstLow)).isEqualTo("10.0.0.1");
    }

    @Test
    void absentTcpFlagsAndIcmpTypeStayNegative() throws Exception {
        FlowEvent event = new FlowEvent();
        parser.parse(json(record("192.0.2.1", "10.0.0.1").tcpFlags(-1).build()), event);
        assertThat(event.tcpFlags).isEqualTo(-1);
        assertThat(event.icmpType).isEqualTo(-1);
    }

    @Test
    void rejectsGarbageMissingFieldsAndAbsurdValues() {
        assertRejected("not json at all", "malformed");
        assertRejected("[1,2,3]", "JSON object");
        assertRejected("{\"src_addr\":\"10.0.0.1\",\"flow_end_ms\":5}", "lacks");
        assertRejected(replace("\"dst_port\":443", "\"dst_port\":70000"), "dst_port");
        assertRejected(replace("\"packets\":3", "\"packets\":-3"), "packets");
        assertRejected(replace("\"sampling_rate\":1", "\"sampling_rate\":0"), "sampling_rate");
        assertRejected(
                replace("\"src_addr\":\"192.0.2.1\"", "\"src_addr\":\"999.1.1.1\""), "src_addr");
        assertRejected(replace("\"protocol\":6", "\"protocol\":\"tcp\""), "protocol");
        assertRejected("", "empty");
    }

    @Test
    void theTokenizerPathCarriesTheSamplingRateAndAReusedEventForgetsIt() throws Exception {
        FlowRecordJson json = new FlowRecordJson();
        String sampled =
                new String(
                        json.toBytes(record("192.0.2.10", "10.1.2.3").samplingRate(100).build()),
                        StandardCharsets.UTF_8);
        // A nested value is beyond the flat scanner: the record takes the tokenizer's path.
        String nested = sampled.replace("\"protocol\":6", "\"protocol\":6,\"vendor\":{\"a\":[1]}");
        FlowEvent event = new FlowEvent();

        parser.parse(nested.getBytes(StandardCharsets.UTF_8), event);
        assertThat(event.samplingRate).isEqualTo(100);
        assertThat(event.packets).isEqualTo(300);

        parser.parse(json.toBytes(record("192.0.2.10", "10.1.2.3").build()), event);
        assertThat(event.samplingRate).isEqualTo(1);
        assertThat(event.packets).isEqualTo(3);
    }

    @Test
    void skipsUnknownFieldsIncludingNestedOnes() throws Exception {
        String text = replace("\"protocol\":6", "\"protocol\":6,\"vendor\":{\"a\":[1,{\"b\":2}]}");
        FlowEvent event = new FlowEvent();
        parser.parse(text.getBytes(StandardCharsets.UTF_8), event);
        assertThat(event.protocol).isEqualTo(6);
    }

    @Test
    void parsesDottedQuadsAndRejectsLookalikes() {
        assertThat(FlowEventParser.parseIpv4("10.0.0.1".toCharArray(), 0, 8)).isEqualTo(0x0A000001);
        assertThat(FlowEventParser.parseIpv4("1.2.3".toCharArray(), 0, 5)).isEqualTo(-1);
        assertThat(FlowEventParser.parseIpv4("1.2.3.4.5".toCharArray(), 0, 9)).isEqualTo(-1);
        assertThat(FlowEventParser.parseIpv4("1..3.4".toCharArray(), 0, 6)).isEqualTo(-1);
        assertThat(FlowEventParser.parseIpv4("1.2.3.256".toCharArray(), 0, 9)).isEqualTo(-1);
    }

    @Test
    void fastPathAndJacksonReadEveryScenarioRecordAlike() throws Exception {
        FlowRecordJson json = new FlowRecordJson();
        Iterator<FlowRecord> flows = LabelledScenario.builder().seed(5).scale(0.2).build().flows();
        for (int i = 0; i < 5_000 && flows.hasNext(); i++) {
            String text = json.toJson(flows.next());
            FlowEvent fast = new FlowEvent();
            parser.parse(text.getBytes(StandardCharsets.UTF_8), fast);
            FlowEvent full = new FlowEvent();
            String nested = "{\"vendor\":{\"x\":[1]}," + text.substring(1);
            parser.parse(nested.getBytes(StandardCharsets.UTF_8), full);
            assertThat(fast).usingRecursiveComparison().isEqualTo(full);
        }
    }

    @Test
    void toleratesWhitespaceEscapesAndUnknownLiterals() throws Exception {
        String text =
                replace("\"protocol\":6", "\"protocol\" : 6 , \"note\":\"a\\\"b\",\"ok\":true");
        FlowEvent event = new FlowEvent();
        parser.parse(("  " + text + "\n").getBytes(StandardCharsets.UTF_8), event);
        assertThat(event.protocol).isEqualTo(6);
        assertThat(event.packets).isEqualTo(3);
    }

    @Test
    void readsEachRecordByItsOwnNamesWhereTheyDifferFromThePreviousRecords() throws Exception {
        parser.parse(json(record("192.0.2.1", "10.0.0.1").build()), new FlowEvent());
        String swapped =
                replace(
                        "\"src_addr\":\"192.0.2.1\",\"dst_addr\":\"10.0.0.1\"",
                        "\"dst_addr\":\"192.0.2.1\",\"src_addr\":\"10.0.0.1\"");
        String longerAndShorter =
                replace("\"dst_port\":443", "\"dst_port_v2\":80,\"dport\":81,\"dst_port\":443");

        FlowEvent first = new FlowEvent();
        parser.parse(swapped.getBytes(StandardCharsets.UTF_8), first);
        FlowEvent second = new FlowEvent();
        parser.parse(longerAndShorter.getBytes(StandardCharsets.UTF_8), second);

        assertThat(HostAddress.text(first.srcHigh, first.srcLow)).isEqualTo("10.0.0.1");
        assertThat(HostAddress.text(first.dstHigh, first.dstLow)).isEqualTo("192.0.2.1");
        assertThat(second.dstPort).isEqualTo(443);
        assertThat(HostAddress.text(second.srcHigh, second.srcLow)).isEqualTo("192.0.2.1");
    }

    private void assertRejected(String text, String reason) {
        assertThatThrownBy(
                        () -> parser.parse(text.getBytes(StandardCharsets.UTF_8), new FlowEvent()))
                .isInstanceOf(InvalidFlowRecordException.class)
                .hasMessageContaining(reason);
    }

    private static String replace(String from, String to) {
        String text =
                new String(json(record("192.0.2.1", "10.0.0.1").build()), StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        return text.replace(from, to);
    }

    private static byte[] json(FlowRecord record) {
        return new FlowRecordJson().toBytes(record);
    }

    private static FlowRecord.Builder record(String source, String destination) {
        return FlowRecord.builder()
                .exporter(IpAddress.parse("192.0.2.254"))
                .version(10)
                .flowStartMs(1_767_603_599_000L)
                .flowEndMs(1_767_603_600_000L)
                .receivedMs(1_767_603_601_000L)
                .srcAddr(IpAddress.parse(source))
                .dstAddr(IpAddress.parse(destination))
                .srcPort(51000)
                .dstPort(443)
                .protocol(6)
                .packets(3)
                .bytes(180)
                .tcpFlags(0x02);
    }
}
