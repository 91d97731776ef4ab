package dev.flowsentry.decoder;

import dev.flowsentry.decoder.config.BadOptionException;
import dev.flowsentry.decoder.config.CommandLine;
import dev.flowsentry.decoder.config.DecoderOptions;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar flow-decoder.jar --listen 0.0.0.0:2055 --bootstrap-servers HOST:PORT --topic
 * flows [--allow CIDR,...] [--metrics-port 9191] [--config FILE]}; {@code --help} lists every
 * option. Runs until SIGTERM or SIGINT, then drains, flushes and saves templates.
 */
public final class FlowDecoderMain {

    /** Exit status for bad options. */
    public static final int EXIT_BAD_OPTIONS = 2;

    /** Exit status when the decoder could not start (port taken, unreadable file...). */
    public static final int EXIT_START_FAILED = 1;

    private FlowDecoderMain() {}

    public static void main(String[] arguments) {
        DecoderOptions options = parseOrExit(arguments, System.out, System.err);
        FlowDecoderService service;
        try {
            service = FlowDecoderService.start(options);
        } catch (Exception e) {
            System.err.println("flow-decoder: cannot start: " + e.getMessage());
            System.exit(EXIT_START_FAILED);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    service.close();
                                    stopped.countDown();
                                },
                                "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The options, or an exit: 0 after {@code --help}, {@link #EXIT_BAD_OPTIONS} after a message
     * naming the bad option.
     */
    static DecoderOptions parseOrExit(String[] arguments, PrintStream out, PrintStream err) {
        try {
            DecoderOptions options = CommandLine.parse(arguments);
            if (options.help()) {
                out.print(CommandLine.help());
                out.flush();
                System.exit(0);
            }
            return options;
        } catch (BadOptionException e) {
            err.println("flow-decoder: " + e.getMessage());
            err.println("Run with --help to list the options.");
            System.exit(EXIT_BAD_OPTIONS);
            return null;
        }
    }
}
