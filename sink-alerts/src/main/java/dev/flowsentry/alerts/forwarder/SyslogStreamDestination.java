package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Syslog over TCP (RFC 6587, octet counting or LF framing) or over TLS (RFC 5425: octet counting,
 * server certificate checked against the trust store and the host name).
 *
 * <p>Before each message the connection is checked for a close by the receiver, and reopened if
 * needed, so that a restarted receiver does not swallow the next message. TCP syslog has no
 * application acknowledgement: a message written just before the receiver dies can still be lost
 * (see the README's limitations).
 */
final class SyslogStreamDestination implements Destination {

    private final String name;
    private final String host;
    private final int port;
    private final PayloadFormat format;
    private final SyslogMessage syslog;
    private final boolean octetCounting;
    private final SSLSocketFactory tls;
    private final int timeoutMs;
    private Socket socket;
    private OutputStream out;

    SyslogStreamDestination(
            String name,
            String host,
            int port,
            PayloadFormat format,
            SyslogMessage syslog,
            boolean octetCounting,
            SSLSocketFactory tls,
            Duration timeout) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.format = format;
        this.syslog = syslog;
        this.octetCounting = octetCounting;
        this.tls = tls;
        this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Alert alert, byte[] ecsDocument) throws DeliveryException {
        byte[] message = syslog.format(alert, format.encode(alert, ecsDocument));
        byte[] frame =
                octetCounting
                        ? SyslogMessage.octetCounted(message)
                        : SyslogMessage.lineFramed(message);
        try {
            ensureConnected();
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            close();
            throw DeliveryException.transientFailure(SyslogUdpDestination.describe(e), e);
        }
    }

    private void ensureConnected() throws IOException {
        if (socket != null && isClosedByPeer()) {
            close();
        }
        if (socket == null) {
            Socket plain = new Socket();
            try {
                plain.connect(new InetSocketAddress(host, port), timeoutMs);
                socket = tls == null ? plain : handshake(plain);
                socket.setSoTimeout(timeoutMs);
                out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            } catch (IOException e) {
                plain.close();
                socket = null;
                throw e;
            }
        }
    }

    private SSLSocket handshake(Socket plain) throws IOException {
        SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters parameters = secure.getSSLParameters();
        // RFC 5425 section 5.2: the server's certificate must name the host we asked for.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secure.setSSLParameters(parameters);
        secure.setSoTimeout(timeoutMs);
        secure.startHandshake();
        return secure;
    }

    /** A read that ends the stream at once means the receiver closed the connection. */
    private boolean isClosedByPeer() {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                if (!socket.isClosed()) {
                    socket.setSoTimeout(timeoutMs);
                }
            } catch (IOException e) {
                // The next write fails and reconnects.
            }
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a broken connection: nothing left to release.
            }
            socket = null;
            out = null;
        }
    }
}
