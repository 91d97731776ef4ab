package dev.flowsentry.decoder.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.flow.FlowRecord;
import dev.flowsentry.flow.FlowRecordJson;
import dev.flowsentry.flow.IpAddress;
import dev.flowsentry.flow.IpPrefixSet;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecordPrivacyTest {

    private static final IpPrefixSet INTERNAL = IpPrefixSet.parse("10.0.0.0/8,fd00::/8");
    private static final byte[] KEY = Arrays.copyOf("record privacy test key".getBytes(), 32);

    private final FlowRecord record =
            FlowRecord.builder()
                    .exporter(IpAddress.parse("10.255.0.1"))
                    .version(9)
                    .flowEndMs(1_700_000_000_000L)
                    .srcAddr(IpAddress.parse("10.1.2.3"))
                    .dstAddr(IpAddress.parse("203.0.113.9"))
                    .nextHop(IpAddress.parse("198.51.100.1"))
                    .srcMac(0x001B21BC24DDL)
                    .dstMac(0x001B21BC24DEL)
                    .srcPort(40000)
                    .dstPort(443)
                    .protocol(6)
                    .packets(10)
                    .bytes(1000)
                    .build();

    @Test
    void externalAddressesArePseudonymisedAndInternalOnesStayClear() {
        RecordPrivacy privacy =
                new RecordPrivacy(
                        new FieldDropper(Set.of()),
                        new PrefixPreservingPseudonymizer(KEY),
                        INTERNAL);

        FlowRecord protectedRecord = privacy.apply(record);

        assertThat(protectedRecord.srcAddr()).isEqualTo(record.srcAddr());
        assertThat(protectedRecord.exporter()).isEqualTo(record.exporter());
        assertThat(protectedRecord.dstAddr()).isNotEqualTo(record.dstAddr());
        assertThat(protectedRecord.dstAddr())
                .isEqualTo(new PrefixPreservingPseudonymizer(KEY).pseudonymize(record.dstAddr()));
        assertThat(protectedRecord.nextHop()).isNotEqualTo(record.nextHop());
        assertThat(protectedRecord.packets()).isEqualTo(10);
        assertThat(protectedRecord.dstPort()).isEqualTo(443);
    }

    @Test
    void droppedFieldsAreLeftOutOfTheJson() {
        RecordPrivacy privacy =
                new RecordPrivacy(
                        new FieldDropper(Set.of("src_mac", "dst_mac", "next_hop")), null, INTERNAL);

        String json = new FlowRecordJson().toJson(privacy.apply(record));

        assertThat(json)
                .doesNotContain("src_mac", "dst_mac", "next_hop")
                .contains("\"dst_addr\":\"203.0.113.9\"");
        assertThat(new FlowRecordJson().toJson(record)).contains("src_mac", "next_hop");
    }

    @Test
    void withNothingConfiguredRecordsPassUntouched() {
        RecordPrivacy privacy = new RecordPrivacy(new FieldDropper(Set.of()), null, INTERNAL);

        assertThat(privacy.isIdentity()).isTrue();
        assertThat(privacy.apply(record)).isSameAs(record);
    }
}
