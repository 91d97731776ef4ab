package dev.flowsentry.deploy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells which of the ports a service is about to bind are already taken, by trying to bind them the
 * way the service will (TCP listen or UDP bind, on the same address).
 */
public final class PortCheck {

    private PortCheck() {}

    /** One port a service binds: its protocol, address and number, and who binds it. */
    public record Port(String protocol, String host, int number, String owner) {

        @Override
        public String toString() {
            return owner + " " + host + ":" + number + "/" + protocol;
        }
    }

    /** The ports of {@code wanted} that cannot be bound now. */
    public static List<Port> taken(List<Port> wanted) {
        List<Port> taken = new ArrayList<>();
        for (Port port : wanted) {
            if (!isFree(port)) {
                taken.add(port);
            }
        }
        return taken;
    }

    private static boolean isFree(Port port) {
        try {
            InetSocketAddress address =
                    new InetSocketAddress(InetAddress.getByName(port.host()), port.number());
            if (port.protocol().equals("udp")) {
                try (DatagramSocket socket = new DatagramSocket(null)) {
                    socket.bind(address);
                }
            } else {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.setReuseAddress(true);
                    socket.bind(address);
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
