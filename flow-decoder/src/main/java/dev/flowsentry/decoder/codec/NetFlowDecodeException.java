package dev.flowsentry.decoder.codec;

import dev.flowsentry.flow.IpAddress;

/**
 * A malformed export datagram: what was wrong, where, and from whom. The collector catches it per
 * datagram, counts it by {@link #reason()} and goes on.
 */
public final class NetFlowDecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a datagram (or part of it) was rejected; a metric label. */
    public enum Reason {
        TRUNCATED_HEADER,
        UNSUPPORTED_VERSION,
        LENGTH_MISMATCH,
        BAD_SET_LENGTH,
        BAD_TEMPLATE,
        BAD_RECORD,
        TOO_MANY_TEMPLATES,
        TOO_MANY_FIELDS,
        /** A fault of the decoder itself (a bug), caught so that it cannot stop the collector. */
        DECODER_FAULT;

        /** Lower-case label for metrics, for example {@code truncated_header}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;
    private final IpAddress exporter;
    private final int version;
    private final long observationDomain;
    private final int templateId;
    private final int offset;

    public NetFlowDecodeException(
            Reason reason,
            String message,
            IpAddress exporter,
            int version,
            long observationDomain,
            int templateId,
            int offset) {
        this(reason, message, exporter, version, observationDomain, templateId, offset, null);
    }

    /** As the other constructor, with the exception that caused this one. */
    public NetFlowDecodeException(
            Reason reason,
            String message,
            IpAddress exporter,
            int version,
            long observationDomain,
            int templateId,
            int offset,
            Throwable cause) {
        super(
                message
                        + " (exporter "
                        + exporter
                        + ", version "
                        + version
                        + ", domain "
                        + observationDomain
                        + ", template "
                        + templateId
                        + ", offset "
                        + offset
                        + ")",
                cause);
        this.reason = reason;
        this.exporter = exporter;
        this.version = version;
        this.observationDomain = observationDomain;
        this.templateId = templateId;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    public IpAddress exporter() {
        return exporter;
    }

    public int version() {
        return version;
    }

    public long observationDomain() {
        return observationDomain;
    }

    /** The template id being read, or -1 outside a data or template set. */
    public int templateId() {
        return templateId;
    }

    /** Byte offset in the datagram where the fault was found. */
    public int offset() {
        return offset;
    }
}
