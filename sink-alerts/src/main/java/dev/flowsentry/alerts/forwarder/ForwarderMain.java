package dev.flowsentry.alerts.forwarder;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * The entry point of {@code alert-forwarder.jar}. Exit status: 0 after a clean stop (SIGTERM or
 * SIGINT), 1 when the forwarder stopped on an error, 2 for a bad command line.
 *
 * <p>Logs go to standard error (so that the {@code stdout} destination carries only alerts), from
 * the bundled {@code flowsentry-forwarder-log4j2.properties} unless {@code
 * -Dlog4j2.configurationFile} names another.
 */
public final class ForwarderMain {

    /** The exit status of a bad command line. */
    static final int USAGE_ERROR = 2;

    private ForwarderMain() {}

    /** Runs the forwarder until it is stopped; see {@code --help}. */
    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("log4j2.configurationFile") == null) {
            // Set before the first logger exists; a file of our own, not log4j2.xml, so that the
            // module's plain jar never configures the logging of a job that depends on it.
            System.setProperty(
                    "log4j2.configurationFile", "classpath:flowsentry-forwarder-log4j2.properties");
        }
        System.exit(run(args, System.out, System.err, System.getenv()));
    }

    /** Parses, starts and waits; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env)
            throws InterruptedException {
        ForwarderSettings settings;
        AlertForwarder forwarder;
        try {
            if (CommandLine.parse(args).containsKey(Option.HELP)) {
                out.print(CommandLine.help());
                return 0;
            }
            settings = ForwarderSettings.parse(args, env);
            forwarder = new AlertForwarder(settings, out);
        } catch (UsageException e) {
            err.println("alert-forwarder: " + e.getMessage());
            err.println("Try --help for the options.");
            return USAGE_ERROR;
        }
        Thread hook = new Thread(forwarder::close, "alert-forwarder-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        forwarder.start();
        while (!forwarder.awaitTermination(Duration.ofMinutes(1))) {
            // Keep waiting: the forwarder runs until stopped.
        }
        return forwarder.hasFailed() ? 1 : 0;
    }
}
