package dev.flowsentry.decoder.it;

import dev.flowsentry.decoder.FlowDecoderService;
import dev.flowsentry.decoder.config.CommandLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Starts the whole decoder in the test JVM from command line options, on free ports. */
final class DecoderHarness {

    private DecoderHarness() {}

    /** The decoder on a free UDP port with metrics on a free port, plus {@code options}. */
    static FlowDecoderService start(String... options) throws Exception {
        List<String> arguments = new ArrayList<>();
        arguments.addAll(
                List.of(
                        "--listen",
                        "127.0.0.1:0",
                        "--metrics-port",
                        "0",
                        "--metrics-address",
                        "127.0.0.1"));
        arguments.addAll(Arrays.asList(options));
        return FlowDecoderService.start(CommandLine.parse(arguments.toArray(new String[0])));
    }
}
