package dev.flowsentry.alerts.forwarder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds the TLS context of syslog+tls and https destinations from the configured stores. */
final class TlsContexts {

    private TlsContexts() {}

    /** The JVM's default context when no store is configured, else one from the stores. */
    static SSLContext create(ForwarderSettings settings) throws UsageException {
        try {
            if (settings.trustStore == null && settings.keyStore == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(settings), trustManagers(settings), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new UsageException("TLS: cannot set up the TLS context: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(ForwarderSettings settings)
            throws UsageException, GeneralSecurityException {
        if (settings.trustStore == null) {
            return null;
        }
        String password =
                Secrets.read(
                        settings.trustStorePasswordFile,
                        Secrets.TRUST_STORE_PASSWORD_VARIABLE,
                        settings.environment);
        KeyStore store =
                load(
                        Option.TLS_TRUST_STORE,
                        settings.trustStore,
                        settings.trustStoreType,
                        password);
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(ForwarderSettings settings)
            throws UsageException, GeneralSecurityException {
        if (settings.keyStore == null) {
            return null;
        }
        String password =
                Secrets.read(
                        settings.keyStorePasswordFile,
                        Secrets.KEY_STORE_PASSWORD_VARIABLE,
                        settings.environment);
        KeyStore store =
                load(Option.TLS_KEY_STORE, settings.keyStore, settings.keyStoreType, password);
        KeyManagerFactory factory =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password == null ? new char[0] : password.toCharArray());
        return factory.getKeyManagers();
    }

    private static KeyStore load(Option option, Path file, String type, String password)
            throws UsageException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // The message of a wrong password says so without the password itself.
            throw new UsageException(
                    "--" + option.optionName() + ": cannot load " + file + ": " + e.getMessage(),
                    e);
        }
    }
}
