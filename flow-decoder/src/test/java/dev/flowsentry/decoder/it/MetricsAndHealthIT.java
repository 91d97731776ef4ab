package dev.flowsentry.decoder.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowsentry.decoder.FlowDecoderService;
import dev.flowsentry.decoder.codec.DecoderCounters;
import dev.flowsentry.decoder.codec.NetFlowDecoder;
import dev.flowsentry.decoder.collector.NetFlowDatagramDecoder;
import dev.flowsentry.decoder.config.CommandLine;
import dev.flowsentry.decoder.testing.CapturingPublisher;
import dev.flowsentry.decoder.testing.Datagrams;
import dev.flowsentry.decoder.testing.NetFlowV5;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The HTTP endpoint: Prometheus metrics and the health verdict. */
class MetricsAndHealthIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void metricsCountDatagramsPerExporterRecordsByVersionAndDrops() throws Exception {
        CapturingPublisher publisher = new CapturingPublisher();
        try (FlowDecoderService decoder = start(publisher, "--allow", "127.0.0.1/32")) {
            try (Datagrams exporter = new Datagrams("127.0.0.1", decoder.udpPort());
                    Datagrams stranger = new Datagrams("127.0.0.9", decoder.udpPort())) {
                exporter.send(NetFlowV5.datagram(System.currentTimeMillis(), 0, 30, 1000));
                exporter.send(new byte[] {0, 5, 0, 1});
                stranger.send(NetFlowV5.datagram(System.currentTimeMillis(), 0, 30, 1000));
            }
            await().until(() -> decoder.collector().counters().datagramsReceived().sum() == 3);
            await().until(() -> decoder.decoderCounters().decodeErrors() == 1);

            String metrics = get(decoder, "/metrics").body();

            assertThat(metrics)
                    .contains(
                            "flowsentry_decoder_datagrams_received_total{exporter=\"127.0.0.1\"} 2.0")
                    .contains(
                            "flowsentry_decoder_received_bytes_total{exporter=\"127.0.0.1\"} 1468.0")
                    .contains("flowsentry_decoder_records_total{version=\"5\"} 30.0")
                    .contains(
                            "flowsentry_decoder_decode_errors_total{reason=\"truncated_header\"} 1.0")
                    .contains(
                            "flowsentry_decoder_datagrams_dropped_total{reason=\"not_allowed\"} 1.0")
                    .contains(
                            "flowsentry_decoder_datagrams_dropped_total{reason=\"queue_full\"} 0.0")
                    .contains("flowsentry_decoder_records_published_total 30.0")
                    .contains("flowsentry_decoder_socket_drops_total 0.0")
                    .contains("flowsentry_decoder_queue_depth 0.0")
                    .contains("flowsentry_decoder_template_misses_total")
                    .contains("flowsentry_decoder_templates_active")
                    .contains("flowsentry_decoder_held_data_sets")
                    .contains("flowsentry_decoder_sequence_gaps_total")
                    .contains("flowsentry_decoder_kafka_send_latency_seconds")
                    .contains(
                            "flowsentry_decoder_records_dropped_total{reason=\"buffer_full\"} 0.0")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void healthIsOkWhileReceivingAndPublishingAndUnavailableWhenThePublisherFails()
            throws Exception {
        CapturingPublisher publisher = new CapturingPublisher();
        try (FlowDecoderService decoder = start(publisher)) {
            HttpResponse<String> healthy = get(decoder, "/health");
            assertThat(healthy.statusCode()).isEqualTo(200);
            assertThat(healthy.body()).startsWith("ok: receiving on UDP port " + decoder.udpPort());

            publisher.healthy(false);

            HttpResponse<String> unhealthy = get(decoder, "/health");
            assertThat(unhealthy.statusCode()).isEqualTo(503);
            assertThat(unhealthy.body())
                    .contains("unavailable", "capturing publisher told to fail");
        }
    }

    private HttpResponse<String> get(FlowDecoderService decoder, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + decoder.metricsPort() + path);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static FlowDecoderService start(CapturingPublisher publisher, String... extra)
            throws Exception {
        String[] base = {
            "--stdout",
            "--listen",
            "127.0.0.1:0",
            "--metrics-port",
            "0",
            "--metrics-address",
            "127.0.0.1",
            "--state-dir",
            "none"
        };
        String[] arguments = new String[base.length + extra.length];
        System.arraycopy(base, 0, arguments, 0, base.length);
        System.arraycopy(extra, 0, arguments, base.length, extra.length);
        DecoderCounters counters = new DecoderCounters();
        var options = CommandLine.parse(arguments);
        return FlowDecoderService.start(
                options,
                (index, owns) ->
                        new NetFlowDatagramDecoder(
                                new NetFlowDecoder(options.decoderSettings(), counters), owns),
                counters,
                publisher,
                Clock.systemUTC());
    }
}
