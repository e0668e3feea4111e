package io.moderationstream.io;

/** Why a record was dead-lettered; written as {@code error_code} (its name) and used as the metric label. */
public enum ErrorCode {
    /** Neither Avro single-object encoding nor a JSON object, or corrupt bytes. */
    NOT_DECODABLE,
    /** Avro single-object encoding with a schema fingerprint this job does not know. */
    UNKNOWN_SCHEMA,
    MISSING_FIELD,
    INVALID_FIELD,
    /** The record is larger than limits.max_record_bytes. */
    TOO_LARGE,
    /** A text field is longer than its limit. */
    TOO_LONG,
    TOO_MANY_TOKENS,
    /** An event id already seen within the de-duplication window. */
    DUPLICATE_EVENT_ID
}
