package dev.flowsentry.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The frame of the deploy tool's broker set-up commands ({@link KafkaTopics}, {@link KafkaAccess}):
 * reads the command line, opens an admin client on {@code --bootstrap-servers} with the settings of
 * {@code --command-config FILE} (TLS, SASL), does the work and prints one line per change on
 * standard error. Exit status 0 when done, 2 for a usage error, 1 when the broker refused or did
 * not answer in time.
 */
final class AdminCommand {

    /** What a command does with the admin client; returns one line per change. */
    @FunctionalInterface
    interface Work {
        List<String> apply(Admin admin)
                throws IOException, ExecutionException, InterruptedException, TimeoutException;
    }

    /**
     * Reads a command's arguments into its work; throws {@link IllegalArgumentException} for a
     * usage error.
     */
    @FunctionalInterface
    interface Plan {
        Work parse(CommandLine commandLine);
    }

    private AdminCommand() {}

    /** Runs the command {@code plan} reads from {@code arguments}; returns its exit status. */
    static int run(String[] arguments, Plan plan) {
        try {
            CommandLine commandLine = CommandLine.parse(Arrays.asList(arguments), Set.of());
            Work work = plan.parse(commandLine);
            try (Admin admin = Admin.create(adminProperties(commandLine))) {
                for (String line : work.apply(admin)) {
                    System.err.println(line);
                }
            }
            return 0;
        } catch (CommandLine.UsageException | IllegalArgumentException | IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /**
     * The admin client's settings: the bootstrap servers, then the {@code --command-config} file
     * (TLS, SASL) when given.
     */
    static Properties adminProperties(CommandLine commandLine) throws IOException {
        Properties properties = new Properties();
        if (commandLine.isSet("command-config")) {
            try (Reader reader =
                    Files.newBufferedReader(
                            Path.of(commandLine.required("command-config")),
                            StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        properties.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                commandLine.required("bootstrap-servers"));
        return properties;
    }
}
