package dev.flowsentry.detection.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowsentry.alerts.Contributor;
import dev.flowsentry.detection.Flows;
import dev.flowsentry.detection.model.HostKey;
import org.junit.jupiter.api.Test;

class TopContributorsTest {

    @Test
    void keepsTheHeavyHitterAmongManySmallItems() {
        TopContributors top = new TopContributors();
        HostKey heavy = Flows.host("198.51.100.7");
        for (int i = 0; i < 10_000; i++) {
            top.add(0, 0xFFFF_0000_0000L | i, 1);
            if (i % 4 == 0) {
                top.add(heavy.high, heavy.low, 1);
            }
        }
        assertThat(top.heaviestKey()).isEqualTo("198.51.100.7");
        assertThat(top.heaviestWeight()).isBetween(2_500L, 2_500L + 10_000L / 8);
        assertThat(top.size).isEqualTo(TopContributors.CAPACITY);
    }

    @Test
    void listsContributorsHeaviestFirstWithPortsAsNumbers() {
        TopContributors ports = new TopContributors();
        ports.addPort(22, 5);
        ports.addPort(443, 50);
        ports.addPort(80, 20);
        assertThat(ports.top(2))
                .containsExactly(new Contributor("443", 50), new Contributor("80", 20));
        assertThat(ports.heaviestPort()).isEqualTo(443);
    }

    @Test
    void mergeAddsTheCountsOfBothSides() {
        TopContributors a = new TopContributors();
        TopContributors b = new TopContributors();
        a.addPort(53, 10);
        b.addPort(53, 15);
        b.addPort(123, 1);
        a.merge(b);
        assertThat(a.top(5)).containsExactly(new Contributor("53", 25), new Contributor("123", 1));
    }

    @Test
    void emptyHasNoHeaviest() {
        TopContributors top = new TopContributors();
        assertThat(top.heaviestKey()).isNull();
        assertThat(top.heaviestPort()).isEqualTo(-1);
        assertThat(top.top(3)).isEmpty();
    }
}
