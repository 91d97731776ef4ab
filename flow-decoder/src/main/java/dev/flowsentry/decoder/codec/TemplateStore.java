package dev.flowsentry.decoder.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A file holding the template snapshots of one or more decoders ({@link
 * NetFlowDecoder#snapshotTemplates()}), written atomically (a temporary file moved over the old
 * one) so that a crash while writing leaves the previous file intact.
 *
 * <p>Take each snapshot on the thread that runs that decoder, then write them all:
 *
 * <pre>{@code
 * TemplateStore store = new TemplateStore(Path.of("/var/lib/flowsentry/templates.bin"));
 * store.write(List.of(decoderA.snapshotTemplates(), decoderB.snapshotTemplates()));
 * // at start:
 * for (byte[] snapshot : store.read()) {
 *     decoderA.restoreTemplates(snapshot, exporter -> owner(exporter) == 0);
 * }
 * }</pre>
 */
public final class TemplateStore {

    private static final int MAGIC = 0x46535453;
    private static final int MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

    private final Path file;

    /**
     * @param file where the snapshots live; its directory must exist
     */
    public TemplateStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Replaces the file with {@code snapshots}. */
    public void write(List<byte[]> snapshots) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(snapshots.size());
            for (byte[] snapshot : snapshots) {
                out.writeInt(snapshot.length);
                out.write(snapshot);
            }
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, bytes.toByteArray());
        Files.move(
                temporary,
                file,
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The snapshots in the file; none when it does not exist.
     *
     * @throws IOException when it cannot be read or is not a template store
     */
    public List<byte[]> read() throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<byte[]> snapshots = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(content))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a template store");
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                int length = in.readInt();
                if (length < 0 || length > Math.min(MAX_SNAPSHOT_BYTES, in.available())) {
                    throw new IOException(file + " is damaged: snapshot of " + length + " bytes");
                }
                snapshots.add(in.readNBytes(length));
            }
        }
        return snapshots;
    }
}
