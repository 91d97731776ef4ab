package dev.flowsentry.testing;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link EmbeddedKafka} broker for a test class: started before its first test, closed after
 * its last, also when a test fails.
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedKafka broker;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        broker = EmbeddedKafka.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker; only between the class's first and last test. */
    public EmbeddedKafka broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker runs only while the test class runs");
        }
        return broker;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** Client properties with {@code bootstrap.servers} set. */
    public Properties clientProperties() {
        return broker().clientProperties();
    }

    /** Creates a topic and waits until it exists. */
    public void createTopic(String name, int partitions, Map<String, String> topicConfig)
            throws ExecutionException, InterruptedException {
        broker().createTopic(name, partitions, topicConfig);
    }

    public void createTopic(String name, int partitions)
            throws ExecutionException, InterruptedException {
        broker().createTopic(name, partitions);
    }
}
