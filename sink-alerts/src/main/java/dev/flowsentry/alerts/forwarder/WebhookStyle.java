package dev.flowsentry.alerts.forwarder;

/** The body of a webhook post. */
enum WebhookStyle {
    /** The payload in the chosen format (ECS by default). */
    GENERIC,
    /** A Slack incoming-webhook message: {@code {"text": "<the text line>"}}. */
    SLACK,
    /** A Microsoft Teams (Workflows) message with an Adaptive Card. */
    TEAMS
}
