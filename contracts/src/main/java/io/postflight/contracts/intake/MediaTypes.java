package io.postflight.contracts.intake;

import java.util.Locale;

/**
 * How intake reads a content type, for every way in: the Kafka {@code content-type} header and
 * CloudEvents {@code datacontenttype} here, the HTTP {@code Content-Type} in the gateway's HTTP
 * intake. Pure.
 */
public final class MediaTypes {

    private MediaTypes() {
    }

    /** Absent means JSON (the CloudEvents default); otherwise application/json, text/json or any +json. */
    public static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String media = of(contentType);
        return media.equals("application/json") || media.equals("text/json") || media.endsWith("+json");
    }

    /**
     * The media type without parameters, lower case ({@code application/cloudevents+json; charset=utf-8}
     * gives {@code application/cloudevents+json}).
     */
    public static String of(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
