package dev.flowsentry.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A client of the REST API that every Flink 2.x cluster serves (a standalone session cluster, a
 * session deployed by the Kubernetes operator, a YARN session): uploads a job jar, runs it with its
 * program arguments and parallelism, lists jobs, and cancels them with or without a savepoint.
 *
 * <p>{@code POST /jars/<id>/run} without {@code "parallelism"} runs the job at parallelism 1,
 * whatever the cluster's default: {@link #run} always sends it.
 */
public final class FlinkRestClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final URI base;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** A client of the cluster whose REST endpoint is {@code base}, e.g. http://localhost:8081. */
    public FlinkRestClient(URI base) {
        this.base = URI.create(base.toString().replaceFirst("/+$", "") + "/");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** One job as {@code GET /jobs/overview} reports it. */
    public record JobSummary(String id, String name, String state, Instant start, int tasks) {}

    /** {@code GET /overview}: task managers, slots, running jobs, version. */
    public JsonNode overview() throws IOException, InterruptedException {
        return get("overview");
    }

    /** Waits until the cluster answers and offers at least {@code slots} task slots. */
    public JsonNode awaitSlots(int slots, Duration timeout)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                JsonNode overview = overview();
                if (overview.path("slots-total").asInt() >= slots) {
                    return overview;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        String reason = last == null ? "" : " (last error: " + last.getMessage() + ")";
        throw new IOException(
                "Flink at "
                        + base
                        + " offered fewer than "
                        + slots
                        + " slots within "
                        + timeout
                        + reason);
    }

    /** {@code POST /jars/upload}: returns the jar id the cluster gave the upload. */
    public String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "flowsentry-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head =
                "--"
                        + boundary
                        + "\r\n"
                        + "Content-Disposition: form-data; name=\"jarfile\"; filename=\""
                        + jar.getFileName()
                        + "\"\r\n"
                        + "Content-Type: application/x-java-archive\r\n\r\n";
        body.write(head.getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request =
                request("jars/upload")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build();
        String fileName = send(request).path("filename").asText();
        return fileName.substring(fileName.lastIndexOf('/') + 1);
    }

    /**
     * {@code POST /jars/<jarId>/run}: starts the job and returns its id.
     *
     * @param entryClass the main class, or empty for the jar manifest's
     * @param savepointPath a savepoint or retained checkpoint to restore, or empty
     */
    public String run(
            String jarId,
            List<String> programArguments,
            int parallelism,
            Optional<String> entryClass,
            Optional<String> savepointPath)
            throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.putArray("programArgsList")
                .addAll(programArguments.stream().map(json.getNodeFactory()::textNode).toList());
        body.put("parallelism", parallelism);
        entryClass.ifPresent(name -> body.put("entryClass", name));
        savepointPath.ifPresent(
                path -> {
                    body.put("savepointPath", path);
                    body.put("allowNonRestoredState", false);
                });
        return send(post("jars/" + jarId + "/run", body)).path("jobid").asText();
    }

    /** {@code DELETE /jars/<jarId>}: removes an uploaded jar. */
    public void deleteJar(String jarId) throws IOException, InterruptedException {
        send(request("jars/" + jarId).DELETE().build());
    }

    /** {@code GET /jobs/overview}: every job the cluster knows, newest first. */
    public List<JobSummary> jobs() throws IOException, InterruptedException {
        List<JobSummary> jobs = new ArrayList<>();
        for (JsonNode job : get("jobs/overview").path("jobs")) {
            jobs.add(
                    new JobSummary(
                            job.path("jid").asText(),
                            job.path("name").asText(),
                            job.path("state").asText(),
                            Instant.ofEpochMilli(job.path("start-time").asLong()),
                            job.path("tasks").path("total").asInt()));
        }
        jobs.sort((left, right) -> right.start().compareTo(left.start()));
        return jobs;
    }

    /**
     * Waits until the job and every one of its tasks run (so a source reads from now on); fails
     * fast when the job fails or ends.
     */
    public void awaitRunning(String jobId, Duration timeout)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = get("jobs/" + jobId);
            String state = job.path("state").asText();
            if (List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
                throw new IOException(
                        "job " + jobId + " is " + state + ": " + rootException(jobId));
            }
            if (state.equals("RUNNING") && allTasksRunning(job)) {
                return;
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new IOException("job " + jobId + " not running within " + timeout);
    }

    /** {@code PATCH /jobs/<id>?mode=cancel}: cancels without a savepoint. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        send(
                request("jobs/" + jobId + "?mode=cancel")
                        .method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .build());
    }

    /**
     * {@code POST /jobs/<id>/stop}: takes a savepoint in {@code directory}, then stops the job;
     * returns the savepoint's location once it completed.
     */
    public String stopWithSavepoint(String jobId, String directory, Duration timeout)
            throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.put("targetDirectory", directory);
        body.put("drain", false);
        String triggerId = send(post("jobs/" + jobId + "/stop", body)).path("request-id").asText();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode status = get("jobs/" + jobId + "/savepoints/" + triggerId);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IOException(
                            "savepoint of job "
                                    + jobId
                                    + " failed: "
                                    + operation
                                            .path("failure-cause")
                                            .path("stack-trace")
                                            .asText()
                                            .lines()
                                            .findFirst()
                                            .orElse(""));
                }
                return operation.path("location").asText();
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        throw new IOException("savepoint of job " + jobId + " not completed within " + timeout);
    }

    /** The first line of the job's root exception, or empty. */
    public String rootException(String jobId) throws IOException, InterruptedException {
        String trace = get("jobs/" + jobId + "/exceptions").path("root-exception").asText("");
        return trace.lines().findFirst().orElse("");
    }

    private static boolean allTasksRunning(JsonNode job) {
        for (JsonNode vertex : job.path("vertices")) {
            if (!vertex.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return job.path("vertices").size() > 0;
    }

    /**
     * {@code GET} on a path of the REST API relative to the base, for example {@code
     * jobs/<id>/checkpoints}; fails with the cluster's error when it answers 3xx or above.
     */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    private HttpRequest post(String path, JsonNode body) throws IOException {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body =
                response.body().length == 0
                        ? json.createObjectNode()
                        : json.readTree(response.body());
        if (response.statusCode() >= 300) {
            throw new IOException(
                    request.method()
                            + " "
                            + request.uri()
                            + " answered "
                            + response.statusCode()
                            + ": "
                            + errorsOf(body));
        }
        return body;
    }

    private static String errorsOf(JsonNode body) {
        List<String> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            List<String> lines = error.asText().lines().map(String::strip).toList();
            errors.add(lines.isEmpty() ? "" : lines.get(0));
            lines.stream().filter(line -> line.startsWith("Caused by:")).forEach(errors::add);
        }
        return errors.isEmpty() ? body.toString() : String.join("\n  ", errors);
    }
}
