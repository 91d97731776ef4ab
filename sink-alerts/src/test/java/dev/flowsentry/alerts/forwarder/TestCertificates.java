package dev.flowsentry.alerts.forwarder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server key pair for localhost and 127.0.0.1 made with the JDK's keytool, and a trust store
 * holding its certificate, both PKCS12 in a temporary directory.
 */
final class TestCertificates {

    static final String SERVER_PASSWORD = "server-pass";
    static final String TRUST_PASSWORD = "trust-store-s3cret";

    final Path serverKeyStore;
    final Path trustStore;

    TestCertificates(Path directory) throws IOException, InterruptedException {
        serverKeyStore = directory.resolve("server.p12");
        trustStore = directory.resolve("trust.p12");
        Path certificate = directory.resolve("server.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "syslog",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-keystore",
                serverKeyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                SERVER_PASSWORD,
                "-keypass",
                SERVER_PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "syslog",
                "-keystore",
                serverKeyStore.toString(),
                "-storepass",
                SERVER_PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "syslog",
                "-file",
                certificate.toString(),
                "-keystore",
                trustStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                TRUST_PASSWORD);
    }

    /** The server side's TLS context. */
    SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeyStore)) {
            store.load(in, SERVER_PASSWORD.toCharArray());
        }
        KeyManagerFactory keys =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, SERVER_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
            assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
        } finally {
            process.destroyForcibly();
        }
    }
}
