package dev.flowsentry.alerts.forwarder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowsentry.alerts.Alert;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The alerts that could not be delivered, one JSON object a line: {@code failed_at}, {@code
 * destination}, {@code reason}, {@code attempts}, {@code topic}, {@code partition}, {@code offset},
 * {@code key}, {@code event_id} and the original record {@code value}, so that an operator can
 * replay them ({@code jq -r .value | kcat -P}). Each line is forced to disk before the alert counts
 * as handled. Thread-safe.
 */
final class DeadLetterFile implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path path;
    private final Clock clock;
    private FileChannel channel;

    DeadLetterFile(Path path, Clock clock) {
        this.path = path;
        this.clock = clock;
    }

    Path path() {
        return path;
    }

    /**
     * Appends one entry and forces it to disk.
     *
     * @throws IOException if it cannot be written: the caller must then not commit the record
     */
    synchronized void write(Delivery delivery, String destination, String reason, int attempts)
            throws IOException {
        write(delivery.record(), delivery.alert(), destination, reason, attempts);
    }

    /** Appends one entry for a record that reached no destination (not decodable). */
    synchronized void write(
            ConsumerRecord<byte[], byte[]> record,
            Alert alert,
            String destination,
            String reason,
            int attempts)
            throws IOException {
        ObjectNode entry = MAPPER.createObjectNode();
        entry.put("failed_at", clock.instant().toString());
        entry.put("destination", destination);
        entry.put("reason", reason);
        entry.put("attempts", attempts);
        entry.put("topic", record.topic());
        entry.put("partition", record.partition());
        entry.put("offset", record.offset());
        byte[] key = record.key();
        entry.put("key", key == null ? null : new String(key, StandardCharsets.UTF_8));
        if (alert != null) {
            entry.put("event_id", alert.eventId());
        }
        byte[] value = record.value();
        entry.put("value", value == null ? null : new String(value, StandardCharsets.UTF_8));
        byte[] line = (MAPPER.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        FileChannel file = open();
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            file.write(buffer);
        }
        file.force(false);
    }

    private FileChannel open() throws IOException {
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
        }
        return channel;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Every line was forced already; nothing is lost by a failing close.
            }
            channel = null;
        }
    }
}
