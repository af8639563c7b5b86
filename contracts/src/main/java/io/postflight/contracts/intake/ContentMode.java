package io.postflight.contracts.intake;

/**
 * The two content modes of the CloudEvents Kafka protocol binding, and how intake names an
 * attribute in each, so that a rejection points at what the producer actually sent: a header in
 * binary mode, a JSON member in structured mode.
 */
enum ContentMode {

    /** Context attributes in {@code ce_*} headers, the data content type in {@code content-type}, the data as the value. */
    BINARY("cloudevents-binary", "binary-mode CloudEvent"),
    /** The whole event in the JSON event format as the value ({@code application/cloudevents+json}). */
    STRUCTURED("cloudevents-structured", "structured CloudEvent");

    private final String intakeFormat;
    private final String description;

    ContentMode(String intakeFormat, String description) {
        this.intakeFormat = intakeFormat;
        this.description = description;
    }

    /** The {@code intakeFormat} of the deploy events decoded from this mode. */
    String intakeFormat() {
        return intakeFormat;
    }

    /** {@code binary-mode CloudEvent} or {@code structured CloudEvent}, to start a message with. */
    String description() {
        return description;
    }

    /** Where an attribute travels: {@code header ce_time} / {@code attribute time}. */
    String locate(String attribute) {
        if (this == STRUCTURED) {
            return "attribute " + attribute;
        }
        // The Kafka binding carries datacontenttype in the plain content-type header.
        return "datacontenttype".equals(attribute) ? "header content-type" : "header ce_" + attribute;
    }

    /** A required attribute that is absent or blank. */
    RejectedEventException lacks(String attribute) {
        return new RejectedEventException(RejectReason.SCHEMA_INVALID, this == STRUCTURED
                ? "structured CloudEvent lacks attribute '" + attribute + "'"
                : "binary-mode CloudEvent lacks header ce_" + attribute);
    }
}
