package io.moderationstream.io;

/** Why an input record cannot become an event; becomes a dead letter with the code and the message. */
public class InvalidRecordException extends Exception {
    private final ErrorCode code;
    private final String eventId;

    public InvalidRecordException(ErrorCode code, String message, String eventId) {
        super(message);
        this.code = code;
        this.eventId = eventId;
    }

    public ErrorCode code() {
        return code;
    }

    public String eventId() {
        return eventId;
    }
}
