package dev.flowsentry.traffic;

import dev.flowsentry.traffic.export.ExportProtocol;
import dev.flowsentry.traffic.export.ExporterSettings;
import dev.flowsentry.traffic.export.FlowExporter;
import dev.flowsentry.traffic.export.PacketRenderer;
import dev.flowsentry.traffic.pcap.PcapWriter;
import dev.flowsentry.traffic.scenario.LabelledScenario;
import dev.flowsentry.traffic.scenario.ScenarioMain;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The demo traffic command: renders the labelled scenario as a pcap for a real exporter
 * (softflowd), or exports it directly as NetFlow v9 or IPFIX with the project's own exporter.
 *
 * <pre>
 * java -jar demo-traffic/target/demo-traffic.jar pcap --out demo.pcap --labels labels.json
 * softflowd -r demo.pcap -n 127.0.0.1:2055 -v 9 -d ...
 * java -jar demo-traffic/target/demo-traffic.jar export --to 127.0.0.1:2055 --protocol ipfix --speed 20
 * </pre>
 *
 * <p>By default the scenario ends now (its flows are stamped with recent times); {@code --start}
 * sets its first second instead. Exit status: 0 done, 1 failed, 2 bad command line.
 */
public final class DemoTrafficMain {

    private static final String USAGE =
            """
            usage: java -jar demo-traffic.jar COMMAND [OPTIONS]

              pcap --out FILE                 render the scenario's packets as a libpcap capture
              export --to HOST:PORT           send the scenario's flows as NetFlow v9 or IPFIX over UDP
                  [--protocol netflow9|ipfix (netflow9)] [--speed X (0: as fast as allowed)]
                  [--max-datagrams-per-second N (20000)] [--sampling-rate N (1)]
              labels                          only write the labels and parameters files

            scenario options (every command):
              --seed N (42)  --scale X (1)  --warmup DURATION (5m)  --exporters N (4)
              --start TIME (ISO-8601; default: the scenario ends now)
              --labels FILE       write the ground truth (attacks and benign heavy hitters) as JSON
              --parameters FILE   write the detection job parameters that fit the scale (name = value)
            """;

    private static final Set<String> COMMANDS = Set.of("pcap", "export", "labels");

    private DemoTrafficMain() {}

    public static void main(String[] arguments) {
        System.exit(run(arguments, System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    static int run(String[] arguments, PrintStream out, PrintStream err) {
        if (arguments.length == 0 || !COMMANDS.contains(arguments[0])) {
            (arguments.length > 0 && arguments[0].equals("--help") ? out : err).print(USAGE);
            return arguments.length > 0 && arguments[0].equals("--help") ? 0 : 2;
        }
        try {
            Map<String, String> options = options(arguments);
            LabelledScenario scenario = scenario(options);
            writeSideFiles(scenario, options, out);
            switch (arguments[0]) {
                case "pcap" -> renderPcap(scenario, Path.of(required(options, "out")), out);
                case "export" -> export(scenario, options, out);
                default -> out.printf("scenario %s .. %s%n", scenario.start(), scenario.end());
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("demo-traffic: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("demo-traffic: " + e.getMessage());
            return 1;
        }
    }

    private static void renderPcap(LabelledScenario scenario, Path file, PrintStream out)
            throws IOException {
        PacketRenderer renderer = new PacketRenderer().addAll(scenario.flows());
        long packets;
        try (PcapWriter pcap = PcapWriter.create(file)) {
            packets = renderer.writeTo(pcap);
        }
        out.printf(
                "wrote %d packets (%s .. %s) to %s%n",
                packets, scenario.start(), scenario.end(), file);
    }

    private static void export(
            LabelledScenario scenario, Map<String, String> options, PrintStream out)
            throws IOException {
        InetSocketAddress collector = address(required(options, "to"));
        ExporterSettings settings =
                ExporterSettings.defaults()
                        .withProtocol(
                                ExportProtocol.parse(options.getOrDefault("protocol", "netflow9")))
                        .withSpeed(number(options, "speed", 0))
                        .withMaxDatagramsPerSecond(
                                (int) number(options, "max-datagrams-per-second", 20_000))
                        .withSamplingRate((long) number(options, "sampling-rate", 1));
        out.printf(
                "exporting %s .. %s as %s to %s at speed %s%n",
                scenario.start(),
                scenario.end(),
                settings.protocol(),
                collector,
                settings.speed() == 0 ? "max" : settings.speed() + "x");
        FlowExporter.ExportSummary summary;
        try (FlowExporter exporter = FlowExporter.open(collector, settings)) {
            summary = exporter.exportAll(scenario.flows());
        }
        out.printf(
                "exported %d flows in %d datagrams (%d bytes, %d observation domains) in %s%n",
                summary.records(),
                summary.datagrams(),
                summary.bytes(),
                summary.observationDomains(),
                summary.elapsed());
    }

    private static void writeSideFiles(
            LabelledScenario scenario, Map<String, String> options, PrintStream out)
            throws IOException {
        if (options.containsKey("labels")) {
            Files.writeString(
                    Path.of(options.get("labels")),
                    ScenarioMain.labelsJson(scenario.labels()),
                    StandardCharsets.UTF_8);
            out.printf("wrote %d labels to %s%n", scenario.labels().size(), options.get("labels"));
        }
        if (options.containsKey("parameters")) {
            StringBuilder text =
                    new StringBuilder(
                            "# Detection job parameters that fit the demo scenario (scale "
                                    + scenario.scale()
                                    + ").\n");
            scenario.detectionParameters()
                    .forEach(
                            (name, value) ->
                                    text.append(name).append(" = ").append(value).append('\n'));
            Files.writeString(Path.of(options.get("parameters")), text, StandardCharsets.UTF_8);
        }
    }

    /** The scenario the options describe; by default it ends now, on a whole second. */
    static LabelledScenario scenario(Map<String, String> options) {
        LabelledScenario.Builder builder = LabelledScenario.builder();
        builder.seed((long) number(options, "seed", 42));
        builder.scale(number(options, "scale", 1));
        builder.exporters((int) number(options, "exporters", 4));
        if (options.containsKey("warmup")) {
            builder.warmup(
                    Duration.parse(
                            "PT" + options.get("warmup").toUpperCase(java.util.Locale.ROOT)));
        }
        if (options.containsKey("start")) {
            return builder.start(Instant.parse(options.get("start"))).build();
        }
        Duration duration = builder.build().duration();
        return builder.start(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(duration)).build();
    }

    private static Map<String, String> options(String[] arguments) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int index = 1; index < arguments.length; index++) {
            String name = arguments[index];
            if (!name.startsWith("--") || index + 1 >= arguments.length) {
                throw new IllegalArgumentException("expected --name value, found '" + name + "'");
            }
            options.put(name.substring(2), arguments[++index]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static double number(Map<String, String> options, String name, double defaultValue) {
        String value = options.get(name);
        try {
            return value == null ? defaultValue : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--" + name + " must be a number, found '" + value + "'");
        }
    }

    private static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--to needs HOST:PORT, found '" + text + "'");
        }
        return new InetSocketAddress(
                text.substring(0, colon).replaceAll("^\\[|]$", ""),
                Integer.parseInt(text.substring(colon + 1)));
    }
}
