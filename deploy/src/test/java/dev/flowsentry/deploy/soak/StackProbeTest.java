package dev.flowsentry.deploy.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackProbeTest {

    @Test
    void theLiveHeapOfAJvmIsTheTotalOfItsClassHistogram() throws Exception {
        // Held across the histogram, so the live total must count it.
        byte[] held = new byte[64 * 1024 * 1024];

        String histogram = StackProbe.jcmd(ProcessHandle.current().pid(), "GC.class_histogram");
        long live = StackProbe.histogramTotal(histogram);

        assertThat(live).isGreaterThan(held.length);
        assertThat(live).isLessThanOrEqualTo(Runtime.getRuntime().totalMemory());
    }

    @Test
    void aHistogramWithoutATotalLineReadsAsUnknown() {
        assertThat(StackProbe.histogramTotal("12345:\nCould not attach\n")).isEqualTo(-1);
        assertThat(
                        StackProbe.histogramTotal(
                                " num     #instances         #bytes  class name\n"
                                        + "   1:            10            160  [B\n"
                                        + "Total            10            160\n"))
                .isEqualTo(160);
    }

    @Test
    void theLargestClassesAreTheFirstClassLinesOfAHistogram() {
        String histogram =
                "4242:\n"
                        + " num     #instances         #bytes  class name (module)\n"
                        + "-------------------------------------------------------\n"
                        + "   1:            10           4000  [B (java.base@17.0.15)\n"
                        + "   2:             5            120  java.lang.String\n"
                        + "   3:             1             16  java.lang.Object\n"
                        + "Total            16           4136\n";

        assertThat(StackProbe.histogramClasses(histogram, 2))
                .containsExactly(
                        "1:            10           4000  [B (java.base@17.0.15)",
                        "2:             5            120  java.lang.String");
        assertThat(StackProbe.histogramClasses("", 2)).isEmpty();
    }
}
