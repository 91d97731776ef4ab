package dev.flowsentry.decoder.codec;

import dev.flowsentry.flow.IpPrefix;
import java.time.Duration;
import java.util.Map;

/**
 * The decoder's bounds and sampling defaults. Every bound limits memory that a hostile exporter
 * could otherwise make the collector allocate.
 *
 * @param maxTemplatesPerExporter templates (data and options) kept per exporter address
 * @param maxFieldsPerTemplate fields a template may declare; a longer one is rejected
 * @param maxHeldDataSetsPerExporter data sets held per exporter while their template is missing
 * @param maxHeldAge how long a held data set waits for its template before it is dropped
 * @param templateLifetime IPFIX over UDP: how long a template lives without being refreshed (RFC
 *     7011 section 8.4); also applied to NetFlow v9
 * @param defaultSamplingRate applied when an exporter announces no sampling (1: unsampled)
 * @param samplingOverrides sampling rate forced for exporters in a prefix, over what they announce
 */
public record DecoderSettings(
        int maxTemplatesPerExporter,
        int maxFieldsPerTemplate,
        int maxHeldDataSetsPerExporter,
        Duration maxHeldAge,
        Duration templateLifetime,
        long defaultSamplingRate,
        Map<IpPrefix, Long> samplingOverrides) {

    public static DecoderSettings defaults() {
        return new DecoderSettings(
                1024, 256, 256, Duration.ofMinutes(2), Duration.ofMinutes(30), 1, Map.of());
    }
}
