package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.encoding.CefAlertEncoder;
import dev.flowsentry.alerts.encoding.EcsAlertEncoder;
import dev.flowsentry.alerts.encoding.JsonAlertEncoder;
import dev.flowsentry.alerts.encoding.OcsfAlertEncoder;
import dev.flowsentry.alerts.encoding.TextAlertFormatter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What a destination sends: one of the alert encodings, always on a single line. */
enum PayloadFormat {
    /** The ECS document as the job wrote it (re-encoded on one line if it was not). */
    ECS(true),
    /** ArcSight CEF. */
    CEF(false),
    /** OCSF Detection Finding. */
    OCSF(true),
    /** Flat FlowSentry JSON. */
    JSON(true),
    /** The readable one-line text form, without colour. */
    TEXT(false);

    private static final EcsAlertEncoder ECS_ENCODER = new EcsAlertEncoder();
    private static final CefAlertEncoder CEF_ENCODER = new CefAlertEncoder();
    private static final OcsfAlertEncoder OCSF_ENCODER = new OcsfAlertEncoder();
    private static final JsonAlertEncoder JSON_ENCODER = new JsonAlertEncoder();
    private static final TextAlertFormatter TEXT_FORMATTER = new TextAlertFormatter(false);

    private final boolean json;

    PayloadFormat(boolean json) {
        this.json = json;
    }

    /** Whether the payload is a JSON document (webhooks send it as application/json). */
    boolean isJson() {
        return json;
    }

    /** The payload of an alert whose topic record held {@code ecsDocument}. */
    byte[] encode(Alert alert, byte[] ecsDocument) {
        return switch (this) {
            case ECS -> isOneLine(ecsDocument) ? ecsDocument : ECS_ENCODER.encode(alert);
            case CEF -> CEF_ENCODER.encode(alert).getBytes(StandardCharsets.UTF_8);
            case OCSF -> OCSF_ENCODER.encode(alert);
            case JSON -> JSON_ENCODER.encode(alert);
            case TEXT -> TEXT_FORMATTER.format(alert).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static boolean isOneLine(byte[] document) {
        for (byte b : document) {
            if (b == '\n' || b == '\r') {
                return false;
            }
        }
        return true;
    }

    /** The format named {@code name} in any case, or null for {@code auto}. */
    static PayloadFormat parse(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.equals("AUTO") ? null : valueOf(upper);
    }
}
