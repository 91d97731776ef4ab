package dev.flowsentry.decoder.collector;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The kernel's count of datagrams it dropped for our sockets, from the {@code drops} column of
 * {@code /proc/net/udp} and {@code /proc/net/udp6}: datagrams that arrived while the socket's
 * receive buffer was full. Rows are matched by local port and by the socket inodes this process
 * holds ({@code /proc/self/fd}), so other processes on the same port do not count. Zero where
 * {@code /proc} is not there. The same rows tell how many bytes wait in the sockets' receive queues
 * ({@link #queuedBytes}), which shutdown reads before it closes the sockets.
 */
public final class KernelUdpDrops {

    private static final List<Path> TABLES =
            List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private static final int QUEUES_COLUMN = 4;
    private static final int INODE_COLUMN = 9;
    private static final int DROPS_COLUMN = 12;

    private KernelUdpDrops() {}

    /** Datagrams the kernel dropped for this process's UDP sockets bound to {@code localPort}. */
    public static long drops(int localPort) {
        return sum(localPort, DROPS_COLUMN);
    }

    /** Bytes waiting in the receive queues of this process's UDP sockets on {@code localPort}. */
    public static long queuedBytes(int localPort) {
        return sum(localPort, QUEUES_COLUMN);
    }

    private static long sum(int localPort, int column) {
        Set<String> inodes = ownSocketInodes();
        String portSuffix = ":" + String.format(Locale.ROOT, "%04X", localPort);
        long total = 0;
        for (Path table : TABLES) {
            total += sum(table, portSuffix, inodes, column);
        }
        return total;
    }

    private static long sum(Path table, String portSuffix, Set<String> inodes, int column) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            return 0;
        }
        long total = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] columns = lines.get(i).trim().split("\\s+");
            if (columns.length > DROPS_COLUMN
                    && columns[1].endsWith(portSuffix)
                    && inodes.contains(columns[INODE_COLUMN])) {
                total += value(columns[column], column);
            }
        }
        return total;
    }

    /** The drops column is decimal; the queues column is {@code tx_queue:rx_queue} in hex. */
    private static long value(String text, int column) {
        if (column == QUEUES_COLUMN) {
            return Long.parseLong(text.substring(text.indexOf(':') + 1), 16);
        }
        return Long.parseLong(text);
    }

    private static Set<String> ownSocketInodes() {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> descriptors =
                Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed between listing and reading: not ours any more
                }
            }
        } catch (IOException e) {
            return inodes;
        }
        return inodes;
    }
}
