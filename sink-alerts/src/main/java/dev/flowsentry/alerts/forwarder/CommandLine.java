package dev.flowsentry.alerts.forwarder;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the forwarder's options from the command line and from a {@code --config} properties file
 * into raw values; {@link ForwarderSettings} validates them.
 */
final class CommandLine {

    /** Options some users will try that would put a secret on the command line. */
    private static final Map<String, Option> SECRET_OPTIONS =
            Map.of(
                    "webhook-token", Option.WEBHOOK_TOKEN_FILE,
                    "tls-trust-store-password", Option.TLS_TRUST_STORE_PASSWORD_FILE,
                    "tls-key-store-password", Option.TLS_KEY_STORE_PASSWORD_FILE);

    private CommandLine() {}

    /** The values given on the command line, merged over those of a {@code --config} file. */
    static Map<Option, List<String>> parse(String[] args) throws UsageException {
        Map<Option, List<String>> commandLine = parseArguments(args);
        List<String> config = commandLine.get(Option.CONFIG);
        if (config == null) {
            return commandLine;
        }
        Map<Option, List<String>> merged = readConfigFile(Path.of(config.get(0)));
        merged.putAll(commandLine);
        return merged;
    }

    private static Map<Option, List<String>> parseArguments(String[] args) throws UsageException {
        Map<Option, List<String>> values = new EnumMap<>(Option.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h")) {
                arg = "--help";
            }
            if (!arg.startsWith("--")) {
                throw new UsageException(arg + ": unexpected argument; options start with --");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            Option option = option(name, "--" + name);
            String value = null;
            if (option.takesValue()) {
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("--" + name + ": needs a value " + option.argument());
                }
            } else if (equals >= 0) {
                throw new UsageException("--" + name + ": takes no value");
            }
            add(values, option, value, "--" + name);
        }
        return values;
    }

    private static Option option(String name, String where) throws UsageException {
        Option secretAlternative = SECRET_OPTIONS.get(name);
        if (secretAlternative != null) {
            throw new UsageException(
                    where
                            + ": secrets are not accepted here, where other users and logs could"
                            + " see them; use --"
                            + secretAlternative.optionName()
                            + " FILE or "
                            + secretAlternative.defaultValue().substring("env ".length()));
        }
        Option option = Option.named(name);
        if (option == null) {
            throw new UsageException(where + ": unknown option (see --help)");
        }
        return option;
    }

    private static void add(
            Map<Option, List<String>> values, Option option, String value, String where)
            throws UsageException {
        List<String> list = values.computeIfAbsent(option, key -> new ArrayList<>());
        if (!list.isEmpty() && !option.isRepeatable()) {
            throw new UsageException(where + ": given more than once");
        }
        list.add(value == null ? "" : value);
    }

    /** A properties file whose keys are option names; {@code to} lists URIs separated by spaces. */
    static Map<Option, List<String>> readConfigFile(Path file) throws UsageException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UsageException("--config: cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<Option, List<String>> values = new EnumMap<>(Option.class);
        for (String key : properties.stringPropertyNames()) {
            String where = "--config " + file + ": key '" + key + "'";
            Option option = option(key, where);
            if (option == Option.CONFIG || option == Option.HELP) {
                throw new UsageException(where + ": not allowed in a config file");
            }
            String value = properties.getProperty(key).trim();
            if (option.isRepeatable()) {
                for (String item : value.split("[\\s,]+")) {
                    add(values, option, item, where);
                }
            } else {
                add(values, option, value, where);
            }
        }
        return values;
    }

    /** The help text: usage, every option with its default, and the secret variables. */
    static String help() {
        StringBuilder help = new StringBuilder();
        help.append("Usage: java -jar alert-forwarder.jar --bootstrap-servers HOST:PORT")
                .append(" --to DESTINATION [--to ...] [options]\n\n")
                .append("Reads FlowSentry alerts (ECS JSON) from Kafka and delivers them to SIEMs,")
                .append(" webhooks, files or stdout,\nat least once: offsets are committed only")
                .append(" after every destination accepted the alert.\n\nOptions:\n");
        for (Option option : Option.values()) {
            String left = "  --" + option.optionName();
            if (option.takesValue()) {
                left += " " + option.argument();
            }
            help.append(left);
            help.append(" ".repeat(Math.max(1, 44 - left.length())));
            help.append(option.help());
            if (option.defaultValue() != null) {
                help.append(" [default: ").append(option.defaultValue()).append(']');
            }
            help.append('\n');
        }
        help.append("\nDURATION: 500ms, 10s, 2m, 1h or ISO-8601 (PT10S). SIZE: bytes or with")
                .append(" KiB, MiB, GiB.\nSecrets are read from files or environment variables,")
                .append(" never from the command line:\n  FLOWSENTRY_WEBHOOK_TOKEN,")
                .append(
                        " FLOWSENTRY_TLS_TRUST_STORE_PASSWORD, FLOWSENTRY_TLS_KEY_STORE_PASSWORD;\n")
                .append("  Kafka passwords belong in the --kafka-config file.\n");
        return help.toString();
    }
}
