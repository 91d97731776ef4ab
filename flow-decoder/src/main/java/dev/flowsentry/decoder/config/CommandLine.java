package dev.flowsentry.decoder.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the decoder's options from the command line and, with {@code --config FILE}, from a
 * properties file with the same names (without the dashes). The command line wins.
 *
 * <p>A small hand-written parser: {@code --name value} or {@code --name=value}; flags take no
 * value. Anything else stops the program with a message naming the option.
 */
public final class CommandLine {

    private CommandLine() {}

    /**
     * The raw option values: the configuration file's, overridden by the command line's.
     *
     * @throws BadOptionException naming an unknown option, a missing value or an unreadable file
     */
    public static Map<Option, String> read(String[] arguments) throws BadOptionException {
        Map<Option, String> fromCommandLine = parseArguments(arguments);
        Map<Option, String> values = new EnumMap<>(Option.class);
        String configFile = fromCommandLine.get(Option.CONFIG);
        if (configFile != null) {
            values.putAll(readConfigFile(Path.of(configFile)));
        }
        values.putAll(fromCommandLine);
        return values;
    }

    /** Parses and validates everything: the options the decoder runs with. */
    public static DecoderOptions parse(String[] arguments) throws BadOptionException {
        return DecoderOptions.from(read(arguments));
    }

    private static Map<Option, String> parseArguments(String[] arguments)
            throws BadOptionException {
        Map<Option, String> values = new EnumMap<>(Option.class);
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            if (!argument.startsWith("--")) {
                throw new BadOptionException(
                        argument, "unexpected argument (options start with --)");
            }
            int equals = argument.indexOf('=');
            String name = argument.substring(2, equals < 0 ? argument.length() : equals);
            Option option = Option.byName(name);
            if (option == null) {
                throw new BadOptionException("--" + name, "unknown option (see --help)");
            }
            if (option.isFlag()) {
                if (equals >= 0) {
                    throw new BadOptionException(option.flag(), "takes no value");
                }
                values.put(option, "true");
            } else if (equals >= 0) {
                values.put(option, argument.substring(equals + 1));
            } else if (i + 1 < arguments.length && !arguments[i + 1].startsWith("--")) {
                values.put(option, arguments[++i]);
            } else {
                throw new BadOptionException(option.flag(), "needs a value " + option.argument());
            }
        }
        return values;
    }

    private static Map<Option, String> readConfigFile(Path file) throws BadOptionException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new BadOptionException(
                    Option.CONFIG.flag(), "cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<Option, String> values = new EnumMap<>(Option.class);
        for (String name : properties.stringPropertyNames()) {
            Option option = Option.byName(name.startsWith("--") ? name.substring(2) : name);
            if (option == null || option == Option.CONFIG || option == Option.HELP) {
                throw new BadOptionException(
                        name, "unknown option in " + file + " (see --help for the names)");
            }
            values.put(option, properties.getProperty(name).trim());
        }
        return values;
    }

    /** The help text: every option with its value, default and meaning. */
    public static String help() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: java -jar flow-decoder.jar --listen 0.0.0.0:2055")
                .append(" --bootstrap-servers HOST:PORT --topic flows [options]\n\n")
                .append("Receives NetFlow v5, v9 and IPFIX over UDP and publishes flow records")
                .append(" to Kafka as JSON.\n")
                .append("Every option may also be set in the --config file as name=value.\n\n")
                .append("Options:\n");
        for (Option option : Option.values()) {
            String left = "  " + option.flag() + (option.isFlag() ? "" : " " + option.argument());
            text.append(String.format("%-42s %s", left, option.description()));
            if (option.defaultValue() != null) {
                text.append(" [default: ").append(option.defaultValue()).append(']');
            }
            text.append('\n');
        }
        return text.toString();
    }
}
