package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;
import dev.flowsentry.alerts.AlertType;
import java.util.Set;

/**
 * Which alerts to forward: {@code --min-severity} on the CEF scale and {@code --type}.
 *
 * @param minSeverity the lowest CEF severity (0-10) forwarded
 * @param types the alert types forwarded
 */
record AlertFilter(int minSeverity, Set<AlertType> types) {

    boolean accepts(Alert alert) {
        return alert.severity().cef() >= minSeverity && types.contains(alert.type());
    }
}
