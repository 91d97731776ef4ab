package dev.flowsentry.deploy.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowsentry.deploy.FlinkRestClient;
import dev.flowsentry.deploy.e2e.LocalStack;
import dev.flowsentry.deploy.e2e.LocalStack.Outcome;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The detection jobs of a local stack: submitted and stopped through {@code deploy/flowsentry}, as
 * a user would, and observed through Flink's REST API (state, checkpoints, restores).
 */
final class FlinkJobs {

    private static final Pattern JOB_ID = Pattern.compile("(?m)^([0-9a-f]{32})$");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);

    private final LocalStack stack;
    private final FlinkRestClient rest;

    FlinkJobs(LocalStack stack) {
        this.stack = stack;
        this.rest = new FlinkRestClient(URI.create(stack.flinkRest()));
    }

    /**
     * {@code flowsentry submit --parameters FILE [--savepoint PATH] -- OVERRIDES}: returns the job
     * id once every task runs.
     */
    String submit(Path parameters, Optional<String> savepoint, String... overrides)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of("submit", "--parameters", parameters.toString()));
        savepoint.ifPresent(path -> command.addAll(List.of("--savepoint", path)));
        command.add("--");
        command.addAll(List.of(overrides));
        Outcome outcome =
                stack.run(COMMAND_TIMEOUT, command.toArray(String[]::new))
                        .assertSucceeded("submit");
        Matcher id = JOB_ID.matcher(outcome.output());
        if (!id.find()) {
            throw new AssertionError("no job id in:\n" + outcome.output());
        }
        return id.group(1);
    }

    /** {@code flowsentry cancel JOB_ID --savepoint}: returns the savepoint's location. */
    String stopWithSavepoint(String jobId) throws IOException, InterruptedException {
        Outcome outcome =
                stack.run(COMMAND_TIMEOUT, "cancel", jobId, "--savepoint")
                        .assertSucceeded("cancel --savepoint");
        return outcome.output()
                .lines()
                .filter(line -> line.startsWith("file:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no savepoint in:\n" + outcome.output()));
    }

    /** {@code flowsentry cancel JOB_ID...}, skipping jobs that already ended. */
    void cancelQuietly(String... jobIds) throws IOException, InterruptedException {
        for (String jobId : jobIds) {
            if (jobId != null
                    && !List.of("FINISHED", "CANCELED", "FAILED").contains(state(jobId))) {
                stack.run(COMMAND_TIMEOUT, "cancel", jobId);
            }
        }
    }

    /** RUNNING, RESTARTING, FAILED... */
    String state(String jobId) throws IOException, InterruptedException {
        return rest.get("jobs/" + jobId).path("state").asText();
    }

    /** Whether the job and each of its tasks run. */
    boolean runsEveryTask(String jobId) throws IOException, InterruptedException {
        JsonNode job = rest.get("jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING") || job.path("vertices").isEmpty()) {
            return false;
        }
        for (JsonNode vertex : job.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /** Checkpoints completed since the job (or its last restore) started. */
    long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return checkpoints(jobId).path("counts").path("completed").asLong();
    }

    /** How many times the job restored from a checkpoint or savepoint. */
    long restores(String jobId) throws IOException, InterruptedException {
        return checkpoints(jobId).path("counts").path("restored").asLong();
    }

    /** The checkpoint or savepoint the job last restored from, if any. */
    Optional<JsonNode> lastRestored(String jobId) throws IOException, InterruptedException {
        JsonNode restored = checkpoints(jobId).path("latest").path("restored");
        return restored.isMissingNode() || restored.isNull()
                ? Optional.empty()
                : Optional.of(restored);
    }

    /** {@code GET} on any REST path, for the checks of the security test. */
    JsonNode get(String path) throws IOException, InterruptedException {
        return rest.get(path);
    }

    private JsonNode checkpoints(String jobId) throws IOException, InterruptedException {
        return rest.get("jobs/" + jobId + "/checkpoints");
    }
}
