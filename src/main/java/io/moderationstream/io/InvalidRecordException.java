package io.moderationstream.io;

/** Why an input record cannot become an event; becomes a dead letter with the code and the message. */
public class InvalidRecordException extends Exception {
    private final String code;
    private final String eventId;

    public InvalidRecordException(String code, String message, String eventId) {
        super(message);
        this.code = code;
        this.eventId = eventId;
    }

    public String code() {
        return code;
    }

    public String eventId() {
        return eventId;
    }
}
