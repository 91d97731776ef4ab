package dev.flowsentry.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowsentry.deploy.KafkaAccess.Grant;
import dev.flowsentry.deploy.KafkaAccess.ScramUser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaAccessTest {

    private final List<ScramUser> users = new ArrayList<>();
    private final List<Grant> grants = new ArrayList<>();

    @Test
    void aScramSpecificationNamesTheUserAndThePasswordFileNeverThePassword() {
        KafkaAccess.parse("scram:flowsentry-decoder=/run/secrets/decoder.password", users, grants);

        assertThat(users)
                .containsExactly(
                        new ScramUser(
                                "flowsentry-decoder", Path.of("/run/secrets/decoder.password")));
        assertThat(grants).isEmpty();
    }

    @Test
    void anAclSpecificationBecomesOneAllowBindingPerOperationForTheUser() {
        KafkaAccess.parse("acl:flowsentry-job:topic:flows:read, describe", users, grants);

        List<AclBinding> bindings = grants.get(0).bindings();

        assertThat(bindings)
                .extracting(binding -> binding.entry().operation())
                .containsExactly(AclOperation.READ, AclOperation.DESCRIBE);
        assertThat(bindings)
                .allSatisfy(
                        binding -> {
                            assertThat(binding.pattern().resourceType())
                                    .isEqualTo(ResourceType.TOPIC);
                            assertThat(binding.pattern().name()).isEqualTo("flows");
                            assertThat(binding.pattern().patternType())
                                    .isEqualTo(PatternType.LITERAL);
                            assertThat(binding.entry().principal())
                                    .isEqualTo("User:flowsentry-job");
                            assertThat(binding.entry().host()).isEqualTo("*");
                            assertThat(binding.entry().permissionType())
                                    .isEqualTo(AclPermissionType.ALLOW);
                        });
    }

    @Test
    void aNameEndingInAStarIsAPrefix() {
        KafkaAccess.parse(
                "acl:flowsentry-job:transactional-id:flowsentry-detection*:WRITE", users, grants);

        AclBinding binding = grants.get(0).bindings().get(0);

        assertThat(binding.pattern().resourceType()).isEqualTo(ResourceType.TRANSACTIONAL_ID);
        assertThat(binding.pattern().name()).isEqualTo("flowsentry-detection");
        assertThat(binding.pattern().patternType()).isEqualTo(PatternType.PREFIXED);
    }

    @Test
    void malformedSpecificationsAreRejectedWithTheirText() {
        assertThatThrownBy(() -> KafkaAccess.parse("acl:job:cluster:x:ALTER", users, grants))
                .hasMessageContaining("topic, group or transactional-id")
                .hasMessageContaining("cluster");
        assertThatThrownBy(() -> KafkaAccess.parse("acl:job:topic:flows:FLY", users, grants))
                .hasMessageContaining("FLY");
        assertThatThrownBy(() -> KafkaAccess.parse("acl:job:topic:flows", users, grants))
                .hasMessageContaining("acl:USER:TYPE:NAME:OPERATIONS");
        assertThatThrownBy(() -> KafkaAccess.parse("scram:job", users, grants))
                .hasMessageContaining("scram:USER=PASSWORD_FILE");
        assertThatThrownBy(() -> KafkaAccess.parse("user:job", users, grants))
                .hasMessageContaining("user:job");
    }
}
