package dev.flowsentry.decoder.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Real export datagrams copied from public collectors' test suites (see vectors/README.md). */
final class Vectors {

    private Vectors() {}

    /** The bytes of {@code vectors/PATH} on the test class path. */
    static byte[] load(String path) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test vector " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
