package io.supplyshock.stack;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SecureAclsTest {

    /** One ACL as "RESOURCE_TYPE:PATTERN:NAME OPERATION", for sets that read like the README's table. */
    private static Set<String> grantsOf(Principal principal) {
        return SecureAcls.bindings().stream().filter(b -> b.entry().principal().equals(principal.kafkaPrincipal()))
                .map(b -> b.pattern().resourceType() + ":" + b.pattern().patternType() + ":" + b.pattern().name() + " " + b.entry().operation())
                .collect(Collectors.toSet());
    }

    @Test
    void theConsumerReadsTheFourOutputsInGroupsOfItsPrefixAndNothingElse() {
        assertThat(grantsOf(Principal.CONSUMER)).containsExactlyInAnyOrder(
                "TOPIC:LITERAL:supply.alerts READ", "TOPIC:LITERAL:supply.storylines READ", "TOPIC:LITERAL:supply.exposures READ", "TOPIC:LITERAL:supply.commodity-state READ",
                "GROUP:PREFIXED:supplyshock-consumer READ", "GROUP:PREFIXED:supplyshock-consumer DESCRIBE");
    }

    @Test
    void thePublisherWritesTheInputsInItsOwnTransactionsAndReadsNothing() {
        assertThat(grantsOf(Principal.PUBLISHER)).containsExactlyInAnyOrder(
                "TOPIC:LITERAL:supply.policy-events WRITE", "TOPIC:LITERAL:supply.market-events WRITE",
                "TOPIC:LITERAL:supply.disruption-events WRITE", "TOPIC:LITERAL:supply.commodity-profiles WRITE",
                "TOPIC:LITERAL:supply.exposure-profiles WRITE", "TOPIC:LITERAL:supply.publisher-reports WRITE",
                "TRANSACTIONAL_ID:PREFIXED:supplyshock-publisher WRITE", "TRANSACTIONAL_ID:PREFIXED:supplyshock-publisher DESCRIBE",
                "TRANSACTIONAL_ID:PREFIXED:supplyshock-profile-publisher WRITE", "TRANSACTIONAL_ID:PREFIXED:supplyshock-profile-publisher DESCRIBE",
                "CLUSTER:LITERAL:kafka-cluster IDEMPOTENT_WRITE");
    }

    @Test
    void theAppReadsInputsAndItsAlertsWritesOutputsAndOwnsItsApplicationIdPrefix() {
        assertThat(grantsOf(Principal.APP)).containsExactlyInAnyOrder(
                "TOPIC:LITERAL:supply.policy-events READ", "TOPIC:LITERAL:supply.market-events READ",
                "TOPIC:LITERAL:supply.disruption-events READ", "TOPIC:LITERAL:supply.commodity-profiles READ",
                "TOPIC:LITERAL:supply.exposure-profiles READ", "TOPIC:LITERAL:supply.publisher-reports READ",
                "TOPIC:LITERAL:supply.alerts READ", "TOPIC:LITERAL:supply.alerts WRITE", "TOPIC:LITERAL:supply.storylines WRITE",
                "TOPIC:LITERAL:supply.exposures READ", "TOPIC:LITERAL:supply.exposures WRITE", "TOPIC:LITERAL:supply.commodity-state WRITE",
                "TOPIC:LITERAL:supply.dead-letters WRITE",
                "TOPIC:PREFIXED:supplyshock CREATE", "TOPIC:PREFIXED:supplyshock READ", "TOPIC:PREFIXED:supplyshock WRITE",
                "TOPIC:PREFIXED:supplyshock DESCRIBE", "TOPIC:PREFIXED:supplyshock DELETE", "TOPIC:PREFIXED:supplyshock DESCRIBE_CONFIGS",
                "TOPIC:PREFIXED:supplyshock ALTER_CONFIGS",
                "GROUP:PREFIXED:supplyshock READ", "GROUP:PREFIXED:supplyshock DESCRIBE",
                "TRANSACTIONAL_ID:PREFIXED:supplyshock WRITE", "TRANSACTIONAL_ID:PREFIXED:supplyshock DESCRIBE",
                "CLUSTER:LITERAL:kafka-cluster IDEMPOTENT_WRITE");
    }

    @Test
    void theAdminNeedsNoneAndEveryRuleAllowsOneOperationFromAnyHost() {
        List<AclBinding> all = SecureAcls.bindings();
        assertThat(grantsOf(Principal.ADMIN)).isEmpty();
        assertThat(all).hasSize(grantsOf(Principal.APP).size() + grantsOf(Principal.PUBLISHER).size() + grantsOf(Principal.CONSUMER).size());
        assertThat(all).allSatisfy(b -> {
            assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
            assertThat(b.entry().host()).isEqualTo("*");
            assertThat(b.entry().operation()).isNotEqualTo(AclOperation.ALL);
        });
    }
}
