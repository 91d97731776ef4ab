package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;

/** Where alerts go. One worker thread calls a destination; it need not be thread-safe. */
interface Destination extends AutoCloseable {

    /** The destination URI without credentials or query: for logs and metric labels. */
    String name();

    /**
     * Sends one alert and returns once the destination accepted it.
     *
     * @param alert the decoded alert
     * @param ecsDocument the record value as read from the topic
     * @throws DeliveryException saying whether a retry can help
     * @throws InterruptedException when the forwarder stops
     */
    void send(Alert alert, byte[] ecsDocument) throws DeliveryException, InterruptedException;

    /** Releases sockets and files; a later {@link #send} may reopen them. */
    @Override
    void close();
}
