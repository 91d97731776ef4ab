package dev.flowsentry.deploy;

import dev.flowsentry.deploy.CommandLine.UsageException;
import dev.flowsentry.deploy.FlinkRestClient.JobSummary;
import dev.flowsentry.deploy.PortCheck.Port;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The helper behind {@code deploy/flowsentry}: the parts of the local stack that are easier in Java
 * than in bash (Flink's REST API, UDP port checks). Also usable alone against any Flink 2.x
 * cluster:
 *
 * <pre>
 * java -jar deploy/target/flowsentry-deploy.jar flink-submit --rest http://jobmanager:8081 \
 *     --jar detection-job/target/detection-job.jar --parallelism 2 \
 *     --parameters deploy/conf/job.properties -- --bootstrap-servers kafka:9092
 * </pre>
 *
 * <p>Exit status: 0 done, 1 failed (message on stderr), 2 bad command line, 3 ports taken.
 */
public final class DeployTool {

    private static final String USAGE =
            """
            usage: java -jar flowsentry-deploy.jar COMMAND [OPTIONS]

            commands:
              ports [--host H] [--tcp P,P,...] [--udp P,...] [--owners NAME,...]
                  exit 3 and name every port that is already taken
              flink-wait --rest URL [--slots N (2)] [--timeout-seconds S (120)]
                  wait until the cluster answers with at least N task slots
              flink-submit --rest URL --jar FILE [--parallelism N (2)] [--parameters FILE]
                  [--entry-class CLASS] [--savepoint PATH] [--wait-running-seconds S (120)] [-- ARGS]
                  upload the jar and run it; ARGS (--name value) override the parameters file;
                  prints the job id once every task runs
              flink-jobs --rest URL [--running]
                  list jobs: id, state, start time, name
              flink-cancel --rest URL (JOB_ID... | --all) [--savepoint DIR] [--timeout-seconds S (300)]
                  cancel, or stop with a savepoint in DIR (prints its location)
            """;

    private static final DateTimeFormatter START_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private DeployTool() {}

    public static void main(String[] arguments) {
        System.exit(run(Arrays.asList(arguments), System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    static int run(List<String> arguments, PrintStream out, PrintStream err) {
        if (arguments.isEmpty()
                || arguments.get(0).equals("--help")
                || arguments.get(0).equals("help")) {
            out.print(USAGE);
            return arguments.isEmpty() ? 2 : 0;
        }
        List<String> rest = arguments.subList(1, arguments.size());
        try {
            return switch (arguments.get(0)) {
                case "ports" -> ports(CommandLine.parse(rest, Set.of()), err);
                case "flink-wait" -> flinkWait(CommandLine.parse(rest, Set.of()), out);
                case "flink-submit" -> flinkSubmit(CommandLine.parse(rest, Set.of()), out, err);
                case "flink-jobs" -> flinkJobs(CommandLine.parse(rest, Set.of("running")), out);
                case "flink-cancel" ->
                        flinkCancel(CommandLine.parse(rest, Set.of("all")), out, err);
                default -> throw new UsageException("unknown command '" + arguments.get(0) + "'");
            };
        } catch (UsageException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return 1;
        }
    }

    private static int ports(CommandLine commandLine, PrintStream err) {
        String host = commandLine.option("host").orElse("127.0.0.1");
        List<String> owners = splitList(commandLine.option("owners").orElse(""));
        List<Port> wanted = new ArrayList<>();
        for (String protocol : List.of("tcp", "udp")) {
            for (String number : splitList(commandLine.option(protocol).orElse(""))) {
                String owner = wanted.size() < owners.size() ? owners.get(wanted.size()) : "port";
                wanted.add(new Port(protocol, host, Integer.parseInt(number), owner));
            }
        }
        List<Port> taken = PortCheck.taken(wanted);
        taken.forEach(port -> err.println("port taken: " + port));
        return taken.isEmpty() ? 0 : 3;
    }

    private static int flinkWait(CommandLine commandLine, PrintStream out)
            throws IOException, InterruptedException {
        FlinkRestClient flink = client(commandLine);
        Duration timeout = Duration.ofSeconds(commandLine.integer("timeout-seconds", 120));
        var overview = flink.awaitSlots(commandLine.integer("slots", 2), timeout);
        out.println(
                "Flink "
                        + overview.path("flink-version").asText()
                        + ": "
                        + overview.path("taskmanagers").asInt()
                        + " task manager(s), "
                        + overview.path("slots-total").asInt()
                        + " slots");
        return 0;
    }

    private static int flinkSubmit(CommandLine commandLine, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        FlinkRestClient flink = client(commandLine);
        Path jar = Path.of(commandLine.required("jar"));
        JobParameters parameters =
                commandLine
                        .option("parameters")
                        .map(Path::of)
                        .map(DeployTool::readParameters)
                        .orElse(JobParameters.none());
        List<String> programArguments = parameters.programArguments(commandLine.passThrough());
        int parallelism = commandLine.integer("parallelism", 2);

        String jarId = flink.upload(jar);
        String jobId =
                flink.run(
                        jarId,
                        programArguments,
                        parallelism,
                        commandLine.option("entry-class"),
                        commandLine.option("savepoint"));
        err.println(
                "submitted "
                        + jar.getFileName()
                        + " as job "
                        + jobId
                        + " at parallelism "
                        + parallelism);
        flink.awaitRunning(
                jobId, Duration.ofSeconds(commandLine.integer("wait-running-seconds", 120)));
        out.println(jobId);
        return 0;
    }

    private static int flinkJobs(CommandLine commandLine, PrintStream out)
            throws IOException, InterruptedException {
        boolean runningOnly = commandLine.isSet("running");
        for (JobSummary job : client(commandLine).jobs()) {
            if (!runningOnly || job.state().equals("RUNNING")) {
                out.printf(
                        "%s  %-10s  %s  %s%n",
                        job.id(), job.state(), START_TIME.format(job.start()), job.name());
            }
        }
        return 0;
    }

    private static int flinkCancel(CommandLine commandLine, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        FlinkRestClient flink = client(commandLine);
        List<String> jobIds = new ArrayList<>(commandLine.positional());
        if (commandLine.isSet("all")) {
            flink.jobs().stream()
                    .filter(job -> job.state().equals("RUNNING"))
                    .forEach(job -> jobIds.add(job.id()));
        } else if (jobIds.isEmpty()) {
            throw new UsageException("flink-cancel needs job ids or --all");
        }
        Duration timeout = Duration.ofSeconds(commandLine.integer("timeout-seconds", 300));
        for (String jobId : jobIds) {
            if (commandLine.option("savepoint").isPresent()) {
                String location =
                        flink.stopWithSavepoint(jobId, commandLine.required("savepoint"), timeout);
                err.println("stopped job " + jobId + " with a savepoint");
                out.println(location);
            } else {
                flink.cancel(jobId);
                err.println("cancelled job " + jobId);
            }
        }
        return 0;
    }

    private static FlinkRestClient client(CommandLine commandLine) {
        return new FlinkRestClient(URI.create(commandLine.required("rest")));
    }

    private static JobParameters readParameters(Path file) {
        try {
            return JobParameters.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read parameters file " + file + ": " + e.getMessage());
        }
    }

    private static List<String> splitList(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }
}
