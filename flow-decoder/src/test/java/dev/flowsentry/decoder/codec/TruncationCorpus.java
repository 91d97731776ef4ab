package dev.flowsentry.decoder.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The names of every export datagram under {@code vectors/}, relative to it, sorted. */
final class TruncationCorpus {

    static final List<String> FILES = list();

    private TruncationCorpus() {}

    private static List<String> list() {
        try {
            Path root = Path.of(TruncationCorpus.class.getResource("/vectors").toURI());
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile)
                        .map(path -> root.relativize(path).toString().replace('\\', '/'))
                        .filter(name -> name.endsWith(".dat") || name.endsWith(".bin"))
                        .sorted()
                        .toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
