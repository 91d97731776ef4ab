package dev.flowsentry.detection.bench;

import dev.flowsentry.detection.model.FlowEvent;
import dev.flowsentry.detection.source.FlowEventParser;
import dev.flowsentry.flow.FlowRecordJson;
import dev.flowsentry.traffic.scenario.LabelledScenario;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The record parser alone on one core: labelled-scenario records as the decoder writes them, parsed
 * into one reused {@link FlowEvent} in rounds; prints nanoseconds per record and records per second
 * of the best round.
 *
 * <pre>
 * mvn -B -o -pl detection-job test-compile exec:exec -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.flowsentry.detection.bench.ParseBench -Djob.args="--records 500000"
 * </pre>
 */
public final class ParseBench {

    private ParseBench() {}

    public static void main(String[] arguments) throws Exception {
        Map<String, String> options = ThroughputBench.options(arguments);
        int count = Integer.parseInt(options.getOrDefault("records", "500000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "10"));
        byte[][] records = records(count);
        FlowEventParser parser = new FlowEventParser();
        FlowEvent event = new FlowEvent();
        double bestNs = Double.MAX_VALUE;
        long checksum = 0;
        for (int round = 1; round <= rounds; round++) {
            long startNs = System.nanoTime();
            for (byte[] record : records) {
                parser.parse(record, event);
                checksum += event.bytes;
            }
            double nsPerRecord = (System.nanoTime() - startNs) / (double) count;
            bestNs = Math.min(bestNs, nsPerRecord);
        }
        System.out.printf(
                Locale.ROOT,
                "parse: %.0f ns per record, %,.0f records/s on one core (best of %d rounds of"
                        + " %,d records; checksum %d); load average %s%n",
                bestNs,
                1e9 / bestNs,
                rounds,
                count,
                checksum,
                ThroughputBench.loadAverage());
    }

    private static byte[][] records(int count) {
        FlowRecordJson json = new FlowRecordJson();
        Iterator<dev.flowsentry.flow.FlowRecord> flows =
                LabelledScenario.builder().scale(20).build().flows();
        byte[][] records = new byte[count][];
        for (int i = 0; i < count && flows.hasNext(); i++) {
            records[i] = json.toBytes(flows.next());
        }
        return records;
    }
}
