package dev.flowsentry.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of one {@link DeployTool} command: {@code --name value} options, {@code --flag}
 * switches, positional arguments, and everything after {@code --} passed through untouched.
 */
final class CommandLine {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final List<String> passThrough = new ArrayList<>();

    private CommandLine() {}

    /**
     * Parses {@code arguments}; names in {@code switches} take no value, every other {@code --name}
     * takes the next argument.
     */
    static CommandLine parse(List<String> arguments, Set<String> switches) {
        CommandLine commandLine = new CommandLine();
        for (int index = 0; index < arguments.size(); index++) {
            String argument = arguments.get(index);
            if (argument.equals("--")) {
                commandLine.passThrough.addAll(arguments.subList(index + 1, arguments.size()));
                break;
            }
            if (!argument.startsWith("--")) {
                commandLine.positional.add(argument);
                continue;
            }
            String name = argument.substring(2);
            if (switches.contains(name)) {
                commandLine.options.put(name, "true");
            } else if (index + 1 < arguments.size()) {
                commandLine.options.put(name, arguments.get(++index));
            } else {
                throw new UsageException("option --" + name + " needs a value");
            }
        }
        return commandLine;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String required(String name) {
        return option(name)
                .orElseThrow(() -> new UsageException("option --" + name + " is required"));
    }

    int integer(String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(
                    "option --" + name + " needs a whole number, found '" + value + "'");
        }
    }

    boolean isSet(String name) {
        return options.containsKey(name);
    }

    List<String> positional() {
        return List.copyOf(positional);
    }

    List<String> passThrough() {
        return List.copyOf(passThrough);
    }

    /** A mistake in the command line: reported with the usage, exit status 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
