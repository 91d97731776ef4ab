package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * Syslog over UDP (RFC 5426): one RFC 5424 message per datagram. UDP gives no acknowledgement, so
 * "accepted" means "sent"; a lost datagram is not retried.
 */
final class SyslogUdpDestination implements Destination {

    /** The largest UDP payload over IPv4. */
    static final int MAX_DATAGRAM_BYTES = 65_507;

    private final String name;
    private final String host;
    private final int port;
    private final PayloadFormat format;
    private final SyslogMessage syslog;
    private DatagramSocket socket;

    SyslogUdpDestination(
            String name, String host, int port, PayloadFormat format, SyslogMessage syslog) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.format = format;
        this.syslog = syslog;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Alert alert, byte[] ecsDocument) throws DeliveryException {
        byte[] message = syslog.format(alert, format.encode(alert, ecsDocument));
        if (message.length > MAX_DATAGRAM_BYTES) {
            throw DeliveryException.permanentFailure(
                    "message of " + message.length + " bytes does not fit a UDP datagram");
        }
        try {
            if (socket == null) {
                socket = new DatagramSocket();
                socket.connect(InetAddress.getByName(host), port);
            }
            socket.send(new DatagramPacket(message, message.length));
        } catch (IOException e) {
            close();
            throw DeliveryException.transientFailure(describe(e), e);
        }
    }

    static String describe(IOException e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
