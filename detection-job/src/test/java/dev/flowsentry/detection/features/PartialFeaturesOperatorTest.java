package dev.flowsentry.detection.features;

import static dev.flowsentry.detection.Flows.flow;
import static dev.flowsentry.detection.Flows.host;
import static dev.flowsentry.detection.Flows.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.detection.config.AddressMatcher;
import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.model.HostAddress;
import dev.flowsentry.detection.model.HostKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartialFeaturesOperatorTest {

    private static final long WINDOW_MS = 10_000;
    private static final long START_MS = 1_767_603_600_000L;
    private static final String VICTIM = "10.0.0.1";
    private static final String SCANNER = "203.0.113.7";

    private OneInputStreamOperatorTestHarness<FlowEvent, InboundFeatures> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new PartialFeaturesOperator(
                                Duration.ofMillis(WINDOW_MS),
                                new OutboundAggregate(AddressMatcher.empty(), 3)));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void holdsOnePartialPerHostAndWindowUntilTheWatermarkClosesTheWindow() throws Exception {
        for (int i = 0; i < 100; i++) {
            harness.processElement(syn(SCANNER, VICTIM, 1000 + i), START_MS + 1000 + i);
        }
        harness.processWatermark(START_MS + WINDOW_MS - 2);
        assertThat(inbound()).isEmpty();

        harness.processWatermark(START_MS + WINDOW_MS - 1);

        assertThat(inbound())
                .singleElement()
                .satisfies(
                        partial -> {
                            assertThat(partial.flows).isEqualTo(100);
                            assertThat(partial.synOnlyFlows).isEqualTo(100);
                            assertThat(partial.sources.estimate()).isEqualTo(1);
                            assertThat(hostOf(partial)).isEqualTo(host(VICTIM));
                            assertThat(partial.windowStartMs).isEqualTo(START_MS);
                            assertThat(partial.windowEndMs).isEqualTo(START_MS + WINDOW_MS);
                        });
        assertThat(outbound())
                .singleElement()
                .satisfies(
                        partial -> {
                            assertThat(partial.attempts).isEqualTo(100);
                            assertThat(partial.failedAttempts).isEqualTo(100);
                            assertThat(
                                            partial.portFanout.score(
                                                    partial.portFanout.widest(0.2), 0.2))
                                    .isEqualTo(1);
                            assertThat(hostOf(partial)).isEqualTo(host(SCANNER));
                        });
    }

    @Test
    void partialsCarryTheLastMillisecondOfTheirWindowAndPrecedeTheWatermark() throws Exception {
        harness.processElement(syn(SCANNER, VICTIM, 1), START_MS + 5);
        harness.processWatermark(START_MS + WINDOW_MS + 3_000);

        List<Object> output = new ArrayList<>(harness.getOutput());
        assertThat(output).hasSize(2);
        assertThat(output.get(0)).isInstanceOf(StreamRecord.class);
        assertThat(((StreamRecord<?>) output.get(0)).getTimestamp())
                .isEqualTo(START_MS + WINDOW_MS - 1);
        assertThat(output.get(1)).isEqualTo(new Watermark(START_MS + WINDOW_MS + 3_000));
    }

    @Test
    void aFlowOfAnAlreadyClosedWindowLeavesAtOnceAsAPartialOfItsOwn() throws Exception {
        harness.processWatermark(START_MS + WINDOW_MS);
        harness.processElement(syn(SCANNER, VICTIM, 1), START_MS + 5);

        assertThat(inbound()).singleElement().satisfies(p -> assertThat(p.flows).isEqualTo(1));
        assertThat(outbound()).hasSize(1);
    }

    @Test
    void windowsStillOpenStayHeldWhenAnEarlierOneCloses() throws Exception {
        harness.processElement(syn(SCANNER, VICTIM, 1), START_MS + 5);
        harness.processElement(syn(SCANNER, VICTIM, 1), START_MS + WINDOW_MS + 5);
        harness.processWatermark(START_MS + WINDOW_MS + 100);

        assertThat(inbound()).extracting(p -> p.windowStartMs).containsExactly(START_MS);
    }

    @Test
    void everyPartialLeavesBeforeAnIdleStatusACheckpointBarrierAndTheEndOfInput() throws Exception {
        harness.processElement(syn(SCANNER, VICTIM, 1), START_MS + 5);
        harness.processWatermarkStatus(WatermarkStatus.IDLE);
        assertThat(inbound()).hasSize(1);

        harness.processElement(syn(SCANNER, VICTIM, 1), START_MS + 6);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(inbound()).hasSize(2);

        harness.processElement(syn(SCANNER, VICTIM, 1), START_MS + 7);
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(inbound()).hasSize(3);
    }

    @Test
    void aSpoofedFloodEmitsItsPartialsBeforeMoreThanTheBoundAreHeld() throws Exception {
        int sources = PartialFeaturesOperator.MAX_PARTIALS + 1;
        FlowEvent syn = syn(SCANNER, VICTIM, 1);
        for (int i = 0; i < sources; i++) {
            syn.srcLow = HostAddress.ipv4Low(0x0B00_0000 + i);
            harness.processElement(syn, START_MS + 5);
        }

        assertThat(outbound()).hasSize(sources);
        assertThat(inbound()).isEmpty();
    }

    @Test
    void onlyFlowsThatMatterReachEachDirection() throws Exception {
        FlowEvent serverAnswer = flow(VICTIM, "10.0.0.2", 1);
        serverAnswer.srcPort = 443;
        serverAnswer.dstPort = 50000;
        harness.processElement(serverAnswer, START_MS + 5);
        FlowEvent toTheInternet = flow(VICTIM, "198.51.100.1", 1);
        toTheInternet.srcPort = 443;
        toTheInternet.dstPort = 50000;
        harness.processElement(toTheInternet, START_MS + 5);
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(inbound())
                .extracting(PartialFeaturesOperatorTest::hostOf)
                .containsExactly(host("10.0.0.2"));
        assertThat(outbound())
                .extracting(PartialFeaturesOperatorTest::hostOf)
                .containsExactly(host(VICTIM));
    }

    /** Within the top lists' capacity, so that they are exact both ways. */
    @Test
    void mergedPartialsEqualTheFeaturesOfTheSingleFlows() throws Exception {
        InboundAggregate aggregate = new InboundAggregate();
        InboundFeatures direct = aggregate.createAccumulator();
        for (int i = 0; i < 500; i++) {
            FlowEvent flow = syn("203.0.113." + (i % 6), VICTIM, 1 + i % 3);
            flow.dstPort = 80 + i % 3;
            aggregate.add(flow, direct);
            harness.processElement(flow, START_MS + i);
            if (i % 100 == 99) {
                harness.prepareSnapshotPreBarrier(i);
            }
        }
        harness.processWatermark(Long.MAX_VALUE);
        PartialsAggregate<InboundFeatures> merge = PartialsAggregate.inbound();
        InboundFeatures merged = merge.createAccumulator();
        for (InboundFeatures partial : inbound()) {
            merged = merge.add(partial, merged);
        }

        assertThat(inbound()).hasSize(5);
        assertThat(merged)
                .usingRecursiveComparison()
                .comparingOnlyFields(
                        "packets",
                        "bytes",
                        "flows",
                        "synOnlyFlows",
                        "tcpPackets",
                        "udpPackets",
                        "icmpPackets")
                .isEqualTo(direct);
        assertThat(merged.sources.estimate()).isEqualTo(direct.sources.estimate()).isEqualTo(6);
        assertThat(merged.topSources.top(8))
                .containsExactlyInAnyOrderElementsOf(direct.topSources.top(8));
        assertThat(merged.topPorts.top(8))
                .containsExactlyInAnyOrderElementsOf(direct.topPorts.top(8));
    }

    private List<InboundFeatures> inbound() {
        return harness.extractOutputValues();
    }

    private List<OutboundFeatures> outbound() {
        List<OutboundFeatures> partials = new ArrayList<>();
        var records = harness.getSideOutput(PartialFeaturesOperator.OUTBOUND);
        if (records != null) {
            records.forEach(record -> partials.add(record.getValue()));
        }
        return partials;
    }

    private static HostKey hostOf(HostWindow features) {
        return new HostKey(features.hostHigh(), features.hostLow());
    }

    private static FlowEvent syn(String source, String destination, long packets) {
        return tcp(source, destination, 443, 0x02, packets);
    }
}
