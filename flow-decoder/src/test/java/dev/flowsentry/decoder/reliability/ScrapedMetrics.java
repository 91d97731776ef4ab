package dev.flowsentry.decoder.reliability;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scrape of the decoder's {@code /metrics} (Prometheus text format): each sample by its name
 * with labels exactly as written, for example {@code
 * flowsentry_decoder_records_dropped_total{reason="buffer_full"}}.
 */
final class ScrapedMetrics {

    private static final String PREFIX = "flowsentry_decoder_";

    private final Map<String, Double> samples;

    private ScrapedMetrics(Map<String, Double> samples) {
        this.samples = samples;
    }

    static ScrapedMetrics parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new ScrapedMetrics(samples);
    }

    /** A sample by its full name; fails when the decoder does not export it. */
    double value(String sample) {
        Double value = samples.get(sample);
        if (value == null) {
            throw new IllegalArgumentException("no sample " + sample + " in the decoder's metrics");
        }
        return value;
    }

    /** A {@code flowsentry_decoder_} counter or gauge as a whole number. */
    long decoder(String sample) {
        return (long) value(PREFIX + sample);
    }

    /** The sum of every sample of a {@code flowsentry_decoder_} metric, whatever its labels. */
    long decoderSum(String metric) {
        String name = PREFIX + metric;
        double sum = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            String key = sample.getKey();
            if (key.equals(name) || key.startsWith(name + "{")) {
                sum += sample.getValue();
            }
        }
        return (long) sum;
    }

    /** Datagrams the decoder dropped before decoding, for {@code reason}. */
    long datagramsDropped(String reason) {
        return decoder("datagrams_dropped_total{reason=\"" + reason + "\"}");
    }

    /** Records that did not land, for {@code reason}. */
    long recordsDropped(String reason) {
        return decoder("records_dropped_total{reason=\"" + reason + "\"}");
    }

    /** Malformed datagrams or sets, for {@code reason}. */
    long decodeErrors(String reason) {
        return decoder("decode_errors_total{reason=\"" + reason + "\"}");
    }

    /** Datagrams received from allowed exporters, all exporters together. */
    long datagramsReceived() {
        return decoderSum("datagrams_received_total");
    }

    /** Every decode error, whatever the reason. */
    long decodeErrors() {
        return decoderSum("decode_errors_total");
    }

    /** The non-zero {@code flowsentry_decoder_} samples, for a report. */
    String summary() {
        StringBuilder text = new StringBuilder();
        samples.forEach(
                (name, value) -> {
                    if (name.startsWith(PREFIX) && value != 0 && !name.contains("_bucket")) {
                        text.append(name.substring(PREFIX.length()))
                                .append('=')
                                .append(value.longValue())
                                .append(' ');
                    }
                });
        return text.toString().trim();
    }
}
