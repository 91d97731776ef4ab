package dev.flowsentry.alerts.forwarder;

import dev.flowsentry.alerts.encoding.TextAlertFormatter;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * Turns {@code --to} URIs into destinations:
 *
 * <ul>
 *   <li>{@code syslog+udp://HOST[:514]}, {@code syslog+tcp://HOST[:601]}, {@code
 *       syslog+tls://HOST[:6514]}: RFC 5424 syslog, CEF by default;
 *   <li>{@code http://...}, {@code https://...}: a webhook, ECS JSON by default;
 *   <li>{@code file:///PATH} (or {@code file:PATH}): a rotated file, ECS JSON lines by default;
 *   <li>{@code stdout}: the readable text form by default.
 * </ul>
 *
 * Credentials in a URI (user info) are refused: they would show in process lists and logs.
 */
final class Destinations {

    private Destinations() {}

    /** Checks a URI before anything starts, so that a typo fails at once naming the option. */
    static void check(URI uri) throws UsageException {
        String scheme = scheme(uri);
        if (uri.getRawUserInfo() != null) {
            throw new UsageException(
                    "--to: credentials in a destination URI are refused; use"
                            + " --webhook-token-file or a TLS key store");
        }
        switch (scheme) {
            case "syslog+udp", "syslog+tcp", "syslog+tls", "http", "https" -> {
                if (uri.getHost() == null) {
                    throw new UsageException("--to: " + name(uri) + " has no host");
                }
            }
            case "file" -> {
                if (filePath(uri) == null) {
                    throw new UsageException("--to: " + name(uri) + " has no path");
                }
            }
            case "stdout" -> {
                // nothing to check
            }
            default ->
                    throw new UsageException(
                            "--to: unknown destination scheme '"
                                    + scheme
                                    + "'; expected syslog+udp, syslog+tcp, syslog+tls, http,"
                                    + " https, file or stdout");
        }
    }

    /** The URI without user info, query or fragment: safe for logs and metric labels. */
    static String name(URI uri) {
        String scheme = scheme(uri);
        if (scheme.equals("stdout")) {
            return "stdout";
        }
        if (scheme.equals("file")) {
            return "file://" + filePath(uri);
        }
        String host = uri.getHost() == null ? "" : uri.getHost();
        String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return scheme + "://" + host + port + path;
    }

    /** Opens the destination a checked URI names. */
    static Destination open(
            URI uri, ForwarderSettings settings, Context context, PrintStream stdout)
            throws UsageException {
        String name = name(uri);
        return switch (scheme(uri)) {
            case "syslog+udp" ->
                    new SyslogUdpDestination(
                            name,
                            uri.getHost(),
                            port(uri, 514),
                            format(settings, PayloadFormat.CEF),
                            syslogMessage(settings));
            case "syslog+tcp" ->
                    syslogStream(uri, 601, settings.syslogOctetCounting, null, settings);
            case "syslog+tls" ->
                    syslogStream(
                            uri, 6514, true, context.tls(settings).getSocketFactory(), settings);
            case "http", "https" -> webhook(uri, name, settings, context);
            case "file" ->
                    new JsonLinesFileDestination(
                            name,
                            Path.of(filePath(uri)),
                            format(settings, PayloadFormat.ECS),
                            settings.fileMaxBytes,
                            settings.fileMaxFiles);
            default -> stdout(settings, stdout);
        };
    }

    private static Destination syslogStream(
            URI uri,
            int defaultPort,
            boolean octetCounting,
            SSLSocketFactory tls,
            ForwarderSettings settings) {
        return new SyslogStreamDestination(
                name(uri),
                uri.getHost(),
                port(uri, defaultPort),
                format(settings, PayloadFormat.CEF),
                syslogMessage(settings),
                octetCounting,
                tls,
                settings.timeout);
    }

    private static SyslogMessage syslogMessage(ForwarderSettings settings) {
        return new SyslogMessage(
                settings.syslogFacility, settings.syslogHostname, settings.syslogAppName);
    }

    private static Destination stdout(ForwarderSettings settings, PrintStream stdout) {
        boolean colour =
                TextAlertFormatter.colourWanted(System.console() != null, settings.environment);
        return new StdoutDestination(stdout, settings.format, colour);
    }

    private static Destination webhook(
            URI uri, String name, ForwarderSettings settings, Context context)
            throws UsageException {
        String token =
                Secrets.read(
                        settings.webhookTokenFile,
                        Secrets.WEBHOOK_TOKEN_VARIABLE,
                        settings.environment);
        String headerValue = null;
        if (token != null) {
            String scheme = settings.webhookTokenScheme;
            headerValue = scheme.isEmpty() ? token : scheme + " " + token;
        }
        return new WebhookDestination(
                name,
                uri,
                context.http(settings),
                format(settings, PayloadFormat.ECS),
                settings.webhookStyle,
                settings.webhookHeader,
                headerValue,
                settings.timeout);
    }

    private static PayloadFormat format(ForwarderSettings settings, PayloadFormat fallback) {
        return settings.format == null ? fallback : settings.format;
    }

    private static int port(URI uri, int defaultPort) {
        return uri.getPort() < 0 ? defaultPort : uri.getPort();
    }

    private static String scheme(URI uri) {
        if (uri.getScheme() == null) {
            return uri.toString().equals("stdout") ? "stdout" : "";
        }
        return uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static String filePath(URI uri) {
        String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
        return path == null || path.isEmpty() ? null : path;
    }

    /** What destinations share: one TLS context and one HTTP client, built when first needed. */
    static final class Context {
        private SSLContext tls;
        private HttpClient http;

        SSLContext tls(ForwarderSettings settings) throws UsageException {
            if (tls == null) {
                tls = TlsContexts.create(settings);
            }
            return tls;
        }

        HttpClient http(ForwarderSettings settings) throws UsageException {
            if (http == null) {
                http =
                        HttpClient.newBuilder()
                                .version(HttpClient.Version.HTTP_1_1)
                                .connectTimeout(settings.timeout)
                                .sslContext(tls(settings))
                                .followRedirects(HttpClient.Redirect.NEVER)
                                .build();
            }
            return http;
        }
    }
}
