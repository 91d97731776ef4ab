package dev.flowsentry.alerts.forwarder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a secret from a file or an environment variable. A secret is never logged, never part of an
 * exception message and never shown by {@code --help}; errors name only the file or variable.
 */
final class Secrets {

    static final String WEBHOOK_TOKEN_VARIABLE = "FLOWSENTRY_WEBHOOK_TOKEN";
    static final String TRUST_STORE_PASSWORD_VARIABLE = "FLOWSENTRY_TLS_TRUST_STORE_PASSWORD";
    static final String KEY_STORE_PASSWORD_VARIABLE = "FLOWSENTRY_TLS_KEY_STORE_PASSWORD";

    private Secrets() {}

    /**
     * The secret in {@code file} (without a trailing line break) if a file is given, else the value
     * of {@code variable}, else null.
     */
    static String read(Path file, String variable, Map<String, String> environment)
            throws UsageException {
        if (file != null) {
            try {
                return stripLineBreak(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UsageException(
                        "cannot read the secret file " + file + ": " + e.getClass().getSimpleName(),
                        e);
            }
        }
        String value = environment.get(variable);
        return value == null || value.isEmpty() ? null : value;
    }

    private static String stripLineBreak(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
