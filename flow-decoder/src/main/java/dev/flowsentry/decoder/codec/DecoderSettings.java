package dev.flowsentry.decoder.codec;

import dev.flowsentry.flow.IpPrefix;
import java.time.Duration;
import java.util.Map;

/**
 * The decoder's bounds and sampling defaults. Every bound limits memory that a hostile exporter
 * could otherwise make the collector allocate; a value below 1 (or a negative duration) is rejected
 * when the settings are built.
 *
 * <p>Start from {@link #defaults()} and change one component with the {@code with...} methods, for
 * example {@code DecoderSettings.defaults().withMaxHeldAge(Duration.ofSeconds(30))}.
 *
 * @param maxTemplatesPerExporter templates (data and options) kept per exporter address; a new
 *     template beyond it is rejected ({@code too_many_templates}) and the cached ones are kept.
 *     Default 1024.
 * @param maxFieldsPerTemplate fields a template may declare; a longer one is rejected ({@code
 *     too_many_fields}). Default 256.
 * @param maxHeldDataSetsPerExporter data sets held per exporter while their template is missing;
 *     the oldest is dropped to make room. Default 256.
 * @param maxHeldAge how long a held data set waits for its template before it is dropped. Default 2
 *     minutes; zero holds nothing.
 * @param templateLifetime how long a template lives without being refreshed (RFC 7011 section 8.4,
 *     IPFIX over UDP); also applied to NetFlow v9. Default 30 minutes; zero: templates never
 *     expire.
 * @param defaultSamplingRate applied when an exporter announces no sampling (1: unsampled). Default
 *     1.
 * @param samplingOverrides sampling rate forced for exporters in a prefix, over what they announce;
 *     the longest matching prefix wins. Default none.
 * @param maxHeldBytesPerExporter bytes of held data sets kept per exporter; the oldest are dropped
 *     to make room. Default 4 MiB.
 * @param maxDomainsPerExporter observation domains (NetFlow v9 source ids) per exporter whose
 *     sequence numbers and sampling are tracked; records of further domains are decoded with the
 *     default sampling and without gap accounting. Default 256.
 * @param maxSamplersPerDomain sampler ids (flowSamplerId 48, selectorId 302) remembered per
 *     observation domain; further ones are ignored. Default 256.
 * @param maxExporters exporters whose state (templates, held data, sequence numbers) is kept; the
 *     one heard from least recently is forgotten to make room. Default 65536.
 * @param maxSequenceJump a sequence number further than this ahead of (or behind) the expected one
 *     is taken as an exporter restart and resynchronises without counting losses; counted in the
 *     unit of the version (v5 flows, v9 export packets, IPFIX data records). Default 1000000.
 */
public record DecoderSettings(
        int maxTemplatesPerExporter,
        int maxFieldsPerTemplate,
        int maxHeldDataSetsPerExporter,
        Duration maxHeldAge,
        Duration templateLifetime,
        long defaultSamplingRate,
        Map<IpPrefix, Long> samplingOverrides,
        int maxHeldBytesPerExporter,
        int maxDomainsPerExporter,
        int maxSamplersPerDomain,
        int maxExporters,
        long maxSequenceJump) {

    private static final int DEFAULT_MAX_HELD_BYTES = 4 * 1024 * 1024;
    private static final int DEFAULT_MAX_DOMAINS = 256;
    private static final int DEFAULT_MAX_SAMPLERS = 256;
    private static final int DEFAULT_MAX_EXPORTERS = 65_536;
    private static final long DEFAULT_MAX_SEQUENCE_JUMP = 1_000_000;

    /**
     * @throws IllegalArgumentException naming the component that is out of range
     */
    public DecoderSettings {
        requireAtLeastOne("maxTemplatesPerExporter", maxTemplatesPerExporter);
        requireAtLeastOne("maxFieldsPerTemplate", maxFieldsPerTemplate);
        requireAtLeastOne("maxHeldDataSetsPerExporter", maxHeldDataSetsPerExporter);
        requireAtLeastOne("defaultSamplingRate", defaultSamplingRate);
        requireAtLeastOne("maxHeldBytesPerExporter", maxHeldBytesPerExporter);
        requireAtLeastOne("maxDomainsPerExporter", maxDomainsPerExporter);
        requireAtLeastOne("maxSamplersPerDomain", maxSamplersPerDomain);
        requireAtLeastOne("maxExporters", maxExporters);
        requireAtLeastOne("maxSequenceJump", maxSequenceJump);
        requireNotNegative("maxHeldAge", maxHeldAge);
        requireNotNegative("templateLifetime", templateLifetime);
        samplingOverrides = Map.copyOf(samplingOverrides);
        for (Map.Entry<IpPrefix, Long> override : samplingOverrides.entrySet()) {
            requireAtLeastOne("samplingOverrides[" + override.getKey() + "]", override.getValue());
        }
    }

    /** The first seven components, every other one at its default. */
    public DecoderSettings(
            int maxTemplatesPerExporter,
            int maxFieldsPerTemplate,
            int maxHeldDataSetsPerExporter,
            Duration maxHeldAge,
            Duration templateLifetime,
            long defaultSamplingRate,
            Map<IpPrefix, Long> samplingOverrides) {
        this(
                maxTemplatesPerExporter,
                maxFieldsPerTemplate,
                maxHeldDataSetsPerExporter,
                maxHeldAge,
                templateLifetime,
                defaultSamplingRate,
                samplingOverrides,
                DEFAULT_MAX_HELD_BYTES,
                DEFAULT_MAX_DOMAINS,
                DEFAULT_MAX_SAMPLERS,
                DEFAULT_MAX_EXPORTERS,
                DEFAULT_MAX_SEQUENCE_JUMP);
    }

    /** Every component at its documented default. */
    public static DecoderSettings defaults() {
        return new DecoderSettings(
                1024, 256, 256, Duration.ofMinutes(2), Duration.ofMinutes(30), 1, Map.of());
    }

    /** A copy with {@link #maxTemplatesPerExporter()} changed. */
    public DecoderSettings withMaxTemplatesPerExporter(int value) {
        return new DecoderSettings(
                value,
                maxFieldsPerTemplate,
                maxHeldDataSetsPerExporter,
                maxHeldAge,
                templateLifetime,
                defaultSamplingRate,
                samplingOverrides,
                maxHeldBytesPerExporter,
                maxDomainsPerExporter,
                maxSamplersPerDomain,
                maxExporters,
                maxSequenceJump);
    }

    /** A copy with {@link #maxFieldsPerTemplate()} changed. */
    public DecoderSettings withMaxFieldsPerTemplate(int value) {
        return new DecoderSettings(
                maxTemplatesPerExporter,
                value,
                maxHeldDataSetsPerExporter,
                maxHeldAge,
                templateLifetime,
                defaultSamplingRate,
                samplingOverrides,
                maxHeldBytesPerExporter,
                maxDomainsPerExporter,
                maxSamplersPerDomain,
                maxExporters,
                maxSequenceJump);
    }

    /** A copy with {@link #maxHeldDataSetsPerExporter()} changed. */
    public DecoderSettings withMaxHeldDataSetsPerExporter(int value) {
        return new DecoderSettings(
                maxTemplatesPerExporter,
                maxFieldsPerTemplate,
                value,
                maxHeldAge,
                templateLifetime,
                defaultSamplingRate,
                samplingOverrides,
                maxHeldBytesPerExporter,
                maxDomainsPerExporter,
                maxSamplersPerDomain,
                maxExporters,
                maxSequenceJump);
    }

    /** A copy with {@link #maxHeldAge()} changed. */
    public DecoderSettings withMaxHeldAge(Duration value) {
        return new DecoderSettings(
                maxTemplatesPerExporter,
                maxFieldsPerTemplate,
                maxHeldDataSetsPerExporter,
                value,
                templateLifetime,
                defaultSamplingRate,
                samplingOverrides,
                maxHeldBytesPerExporter,
                maxDomainsPerExporter,
                maxSamplersPerDomain,
                maxExporters,
                maxSequenceJump);
    }

    /** A copy with {@link #templateLifetime()} changed. */
    public DecoderSettings withTemplateLifetime(Duration value) {
        return new DecoderSettings(
                maxTemplatesPerExporter,
                maxFieldsPerTemplate,
                maxHeldDataSetsPerExporter,
                maxHeldAge,
                value,
                defaultSamplingRate,
                samplingOverrides,
                maxHeldBytesPerExporter,
                maxDomainsPerExporter,
                maxSamplersPerDomain,
                maxExporters,
                maxSequenceJump);
    }

    /** A copy with {@link #defaultSamplingRate()} changed. */
    public DecoderSettings withDefaultSamplingRate(long value) {
        return new DecoderSettings(
                maxTemplatesPerExporter,
                maxFieldsPerTemplate,
                maxHeldDataSetsPerExporter,
                maxHeldAge,
                templateLifetime,
                value,
                samplingOverrides,
                maxHeldBytesPerExporter,
                maxDomainsPerExporter,
                maxSamplersPerDomain,
                maxExporters,
                maxSequenceJump);
    }

    /** A copy with {@link #samplingOverrides()} changed. */
    public DecoderSettings withSamplingOverrides(Map<IpPrefix, Long> value) {
        return new DecoderSettings(
                maxTemplatesPerExporter,
                maxFieldsPerTemplate,
                maxHeldDataSetsPerExporter,
                maxHeldAge,
                templateLifetime,
                defaultSamplingRate,
                value,
                maxHeldBytesPerExporter,
                maxDomainsPerExporter,
                maxSamplersPerDomain,
                maxExporters,
                maxSequenceJump);
    }

    /** A copy with {@link #maxHeldBytesPerExporter()} changed. */
    public DecoderSettings withMaxHeldBytesPerExporter(int value) {
        return new DecoderSettings(
                maxTemplatesPerExporter,
                maxFieldsPerTemplate,
                maxHeldDataSetsPerExporter,
                maxHeldAge,
                templateLifetime,
                defaultSamplingRate,
                samplingOverrides,
                value,
                maxDomainsPerExporter,
                maxSamplersPerDomain,
                maxExporters,
                maxSequenceJump);
    }

    /** A copy with {@link #maxExporters()} changed. */
    public DecoderSettings withMaxExporters(int value) {
        return new DecoderSettings(
                maxTemplatesPerExporter,
                maxFieldsPerTemplate,
                maxHeldDataSetsPerExporter,
                maxHeldAge,
                templateLifetime,
                defaultSamplingRate,
                samplingOverrides,
                maxHeldBytesPerExporter,
                maxDomainsPerExporter,
                maxSamplersPerDomain,
                value,
                maxSequenceJump);
    }

    private static void requireAtLeastOne(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, found " + value);
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, found " + value);
        }
    }
}
