package dev.flowsentry.decoder.codec;

import dev.flowsentry.flow.FlowRecord;

/**
 * Receives every decoded record with all its fields, for conformance tests and troubleshooting. Off
 * by default: give one to {@link NetFlowDecoder#NetFlowDecoder(DecoderSettings, DecoderCounters,
 * DecodedRecordListener)}. It slows decoding (every field is listed), so it is not meant for
 * production traffic.
 *
 * <p>Calls arrive in the order of the records in the datagram; records of a held data set arrive
 * when their template does. The {@link DecodedFields} view is only valid during the call.
 */
public interface DecodedRecordListener {

    /**
     * A data record of a data template (NetFlow v5 records included, with their fields listed by
     * their IPFIX element ids).
     *
     * @param record the flow record handed to the decoder's consumer, or null when the record
     *     carries no source or destination address and so was not published; a reverse record of an
     *     RFC 5103 biflow is handed to the consumer only
     */
    default void dataRecord(FlowRecord record, DecodedFields fields) {}

    /** An options data record (sampling, interface names, application names, statistics...). */
    default void optionsRecord(DecodedFields fields) {}
}
