package dev.flowsentry.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A detection job's parameters file turned into the program arguments the job's {@code
 * ParameterTool} reads: one {@code name = value} per line ({@code --name} also accepted), {@code #}
 * or {@code !} comments, blank lines ignored, order kept. Each entry becomes {@code --name value};
 * an empty value becomes the bare switch {@code --name}.
 */
public final class JobParameters {

    private final Map<String, String> values;

    private JobParameters(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Reads a parameters file; a line without {@code =} or {@code :} is rejected with its number.
     */
    public static JobParameters read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, String> values = new LinkedHashMap<>();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int separator = separatorOf(line);
            if (separator <= 0) {
                throw new IllegalArgumentException(
                        file
                                + ":"
                                + (index + 1)
                                + ": expected 'name = value', found '"
                                + line
                                + "'");
            }
            String name = line.substring(0, separator).strip().replaceFirst("^--", "");
            values.put(name, line.substring(separator + 1).strip());
        }
        return new JobParameters(values);
    }

    /** No parameters at all. */
    public static JobParameters none() {
        return new JobParameters(new LinkedHashMap<>());
    }

    /**
     * The program arguments: these parameters, then {@code overrides} (given as {@code --name
     * value} pairs), where an override replaces a parameter of the same name.
     */
    public List<String> programArguments(List<String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        List<String> extra = new ArrayList<>();
        for (int index = 0; index < overrides.size(); index++) {
            String argument = overrides.get(index);
            boolean hasValue =
                    index + 1 < overrides.size() && !overrides.get(index + 1).startsWith("--");
            if (argument.startsWith("--")) {
                merged.put(argument.substring(2), hasValue ? overrides.get(++index) : "");
            } else {
                extra.add(argument);
            }
        }
        List<String> arguments = new ArrayList<>();
        merged.forEach(
                (name, value) -> {
                    arguments.add("--" + name);
                    if (!value.isEmpty()) {
                        arguments.add(value);
                    }
                });
        arguments.addAll(extra);
        return arguments;
    }

    private static int separatorOf(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(':');
        if (equals < 0) {
            return colon;
        }
        return colon < 0 ? equals : Math.min(equals, colon);
    }
}
