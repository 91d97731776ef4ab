package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.Alert;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file with one alert per line (JSON lines for the JSON formats), forced to disk before the alert
 * counts as delivered. When the next line would take the file past {@code maxBytes} it is rotated:
 * {@code alerts.jsonl} becomes {@code alerts.jsonl.1}, {@code .1} becomes {@code .2}, and so on; at
 * most {@code maxFiles} files are kept, the oldest is deleted.
 */
final class JsonLinesFileDestination implements Destination {

    private final String name;
    private final Path path;
    private final PayloadFormat format;
    private final long maxBytes;
    private final int maxFiles;
    private FileChannel channel;
    private long sizeBytes;

    JsonLinesFileDestination(
            String name, Path path, PayloadFormat format, long maxBytes, int maxFiles) {
        this.name = name;
        this.path = path;
        this.format = format;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Alert alert, byte[] ecsDocument) throws DeliveryException {
        byte[] payload = format.encode(alert, ecsDocument);
        ByteBuffer line = ByteBuffer.allocate(payload.length + 1).put(payload).put((byte) '\n');
        line.flip();
        try {
            open();
            if (sizeBytes > 0 && sizeBytes + line.remaining() > maxBytes) {
                rotate();
            }
            while (line.hasRemaining()) {
                sizeBytes += channel.write(line);
            }
            channel.force(false);
        } catch (IOException e) {
            close();
            throw DeliveryException.transientFailure(SyslogUdpDestination.describe(e), e);
        }
    }

    private void open() throws IOException {
        if (channel == null) {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            channel =
                    FileChannel.open(
                            path,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND);
            sizeBytes = channel.size();
        }
    }

    private void rotate() throws IOException {
        close();
        Files.deleteIfExists(rotated(maxFiles - 1));
        for (int index = maxFiles - 2; index >= 1; index--) {
            if (Files.exists(rotated(index))) {
                Files.move(rotated(index), rotated(index + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (maxFiles > 1) {
            Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(path);
        }
        open();
    }

    private Path rotated(int index) {
        return path.resolveSibling(path.getFileName() + "." + index);
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Every line was forced already.
            }
            channel = null;
        }
    }
}
