package dev.flowsentry.detection.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flowsentry.detection.model.HostAddress;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DistinctCounterTest {

    @Test
    void countsExactlyUpToTheCapacityIgnoringRepeats() {
        DistinctCounter counter = counterOf(0, DistinctCounter.EXACT_CAPACITY);
        for (int i = 0; i < DistinctCounter.EXACT_CAPACITY; i++) {
            counter.add(HostAddress.mix(i));
        }
        assertThat(counter.isExact()).isTrue();
        assertThat(counter.estimate()).isEqualTo(DistinctCounter.EXACT_CAPACITY);
    }

    @Test
    void switchesToTheSketchBeyondTheCapacityAndStaysClose() {
        DistinctCounter counter = counterOf(0, DistinctCounter.EXACT_CAPACITY + 1);
        assertThat(counter.isExact()).isFalse();
        assertThat(counter.estimate()).isCloseTo(DistinctCounter.EXACT_CAPACITY + 1, within(2L));

        DistinctCounter large = counterOf(0, 1_000_000);
        assertThat((double) large.estimate()).isCloseTo(1_000_000, within(50_000.0));
    }

    @Test
    void sketchedCounterStaysSmallAtAMillionItems() throws Exception {
        DistinctCounter large = counterOf(0, 1_000_000);
        DataOutputSerializer out = new DataOutputSerializer(64);
        DistinctCounterSerializer.INSTANCE.serialize(large, out);
        assertThat(out.length()).isLessThan(4 * 1024);
    }

    @Test
    void mergesExactWithExactSketchWithExactAndSketchWithSketch() {
        DistinctCounter exact = counterOf(0, 30);
        exact.merge(counterOf(20, 50));
        assertThat(exact.estimate()).isEqualTo(50);
        assertThat(exact.isExact()).isTrue();

        DistinctCounter mixed = counterOf(0, 40);
        mixed.merge(counterOf(0, 10_000));
        assertThat((double) mixed.estimate()).isCloseTo(10_000, within(500.0));

        DistinctCounter sketches = counterOf(0, 10_000);
        sketches.merge(counterOf(5_000, 20_000));
        assertThat((double) sketches.estimate()).isCloseTo(20_000, within(1_000.0));
    }

    @Test
    void serializerRoundTripsBothForms() throws Exception {
        for (int size : new int[] {0, 17, 5_000}) {
            DistinctCounter original = counterOf(0, size);
            DataOutputSerializer out = new DataOutputSerializer(64);
            DistinctCounterSerializer.INSTANCE.serialize(original, out);

            DistinctCounter copy =
                    DistinctCounterSerializer.INSTANCE.deserialize(
                            new DataInputDeserializer(out.getCopyOfBuffer()));

            assertThat(copy.estimate()).isEqualTo(original.estimate());
            assertThat(copy.isExact()).isEqualTo(original.isExact());
            if (size > 0) {
                copy.add(HostAddress.mix(0));
                assertThat(copy.estimate()).isEqualTo(original.estimate());
            }
        }
    }

    private static DistinctCounter counterOf(int from, int to) {
        DistinctCounter counter = new DistinctCounter();
        for (int i = from; i < to; i++) {
            counter.add(HostAddress.mix(i));
        }
        return counter;
    }
}
