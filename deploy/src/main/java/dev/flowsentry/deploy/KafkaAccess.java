package dev.flowsentry.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Makes SCRAM users and ACLs exist on a broker, idempotently: the access each FlowSentry component
 * needs in the local stack's secured mode ({@code FLOWSENTRY_KAFKA_SECURITY=sasl_ssl}). Run by
 * {@code deploy/flowsentry} on the broker's classpath, as a super user:
 *
 * <pre>
 * java -cp flowsentry-deploy.jar:lib/kafka/* dev.flowsentry.deploy.KafkaAccess \
 *     --bootstrap-servers 127.0.0.1:9094 --command-config secrets/admin.properties \
 *     scram:flowsentry-decoder=secrets/flowsentry-decoder.password \
 *     acl:flowsentry-decoder:topic:flows:WRITE,DESCRIBE \
 *     acl:flowsentry-job:transactional-id:flowsentry-detection*:WRITE,DESCRIBE
 * </pre>
 *
 * <p>{@code scram:USER=FILE} sets USER's SCRAM-SHA-512 password to the first line of FILE (never on
 * a command line). {@code acl:USER:TYPE:NAME:OPERATIONS} allows {@code User:USER} the operations on
 * the topic, group or transactional-id NAME; a NAME ending in {@code *} is a prefix.
 */
public final class KafkaAccess {

    private static final long TIMEOUT_SECONDS = 60;
    private static final int SCRAM_ITERATIONS = 8192;

    /** {@code scram:USER=FILE}. */
    record ScramUser(String name, Path passwordFile) {}

    /** {@code acl:USER:TYPE:NAME:OPERATIONS}, as the ACL bindings it stands for. */
    record Grant(String user, ResourceType type, String name, List<AclOperation> operations) {

        List<AclBinding> bindings() {
            boolean prefixed = name.endsWith("*");
            ResourcePattern pattern =
                    new ResourcePattern(
                            type,
                            prefixed ? name.substring(0, name.length() - 1) : name,
                            prefixed ? PatternType.PREFIXED : PatternType.LITERAL);
            return operations.stream()
                    .map(
                            operation ->
                                    new AclBinding(
                                            pattern,
                                            new AccessControlEntry(
                                                    "User:" + user,
                                                    "*",
                                                    operation,
                                                    AclPermissionType.ALLOW)))
                    .toList();
        }
    }

    private KafkaAccess() {}

    public static void main(String[] arguments) {
        System.exit(
                AdminCommand.run(
                        arguments,
                        commandLine -> {
                            List<ScramUser> users = new ArrayList<>();
                            List<Grant> grants = new ArrayList<>();
                            for (String specification : commandLine.positional()) {
                                parse(specification, users, grants);
                            }
                            return admin -> ensure(admin, users, grants);
                        }));
    }

    /**
     * Reads one {@code scram:} or {@code acl:} specification into {@code users} or {@code grants}.
     */
    static void parse(String specification, List<ScramUser> users, List<Grant> grants) {
        if (specification.startsWith("scram:")) {
            String[] user = specification.substring("scram:".length()).split("=", 2);
            if (user.length != 2 || user[0].isBlank() || user[1].isBlank()) {
                throw new IllegalArgumentException(
                        "expected scram:USER=PASSWORD_FILE, found '" + specification + "'");
            }
            users.add(new ScramUser(user[0], Path.of(user[1])));
        } else if (specification.startsWith("acl:")) {
            grants.add(grant(specification));
        } else {
            throw new IllegalArgumentException(
                    "expected scram:USER=FILE or acl:USER:TYPE:NAME:OPERATIONS, found '"
                            + specification
                            + "'");
        }
    }

    private static Grant grant(String specification) {
        String[] parts = specification.substring("acl:".length()).split(":", 4);
        if (parts.length != 4 || Arrays.stream(parts).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(
                    "expected acl:USER:TYPE:NAME:OPERATIONS, found '" + specification + "'");
        }
        ResourceType type =
                switch (parts[1]) {
                    case "topic" -> ResourceType.TOPIC;
                    case "group" -> ResourceType.GROUP;
                    case "transactional-id" -> ResourceType.TRANSACTIONAL_ID;
                    default ->
                            throw new IllegalArgumentException(
                                    "resource type must be topic, group or transactional-id, found '"
                                            + parts[1]
                                            + "'");
                };
        List<AclOperation> operations = new ArrayList<>();
        for (String operation : parts[3].split(",")) {
            try {
                operations.add(AclOperation.valueOf(operation.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown ACL operation '" + operation + "' in '" + specification + "'");
            }
        }
        return new Grant(parts[0], type, parts[2], List.copyOf(operations));
    }

    /** Sets the passwords and creates the bindings (existing ones stay); one line per change. */
    static List<String> ensure(Admin admin, List<ScramUser> users, List<Grant> grants)
            throws IOException, ExecutionException, InterruptedException, TimeoutException {
        List<String> report = new ArrayList<>();
        for (ScramUser user : users) {
            ScramCredentialInfo info =
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS);
            admin.alterUserScramCredentials(
                            List.of(
                                    new UserScramCredentialUpsertion(
                                            user.name(), info, password(user.passwordFile()))))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            report.add("user " + user.name() + ": SCRAM-SHA-512 password set");
        }
        List<AclBinding> bindings = new ArrayList<>();
        for (Grant grant : grants) {
            bindings.addAll(grant.bindings());
            report.add(
                    "acl: User:"
                            + grant.user()
                            + " may "
                            + grant.operations()
                            + " "
                            + grant.type().name().toLowerCase(Locale.ROOT).replace('_', '-')
                            + " "
                            + grant.name());
        }
        admin.createAcls(bindings).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return report;
    }

    private static String password(Path file) throws IOException {
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new IOException("password file " + file + " is empty");
        }
        return password;
    }
}
