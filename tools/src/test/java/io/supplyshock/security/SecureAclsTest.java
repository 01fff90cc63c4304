package io.supplyshock.security;

import io.supplyshock.config.AppConfig;
import io.supplyshock.topics.Topics;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SecureAclsTest {

    @Test
    void topicNamesAndApplicationIdAreTheApps() {
        assertThat(SecureAcls.INPUT_TOPICS).containsExactly(Topics.POLICY_EVENTS, Topics.MARKET_EVENTS, Topics.DISRUPTION_EVENTS,
                Topics.COMMODITY_PROFILES, Topics.EXPOSURE_PROFILES);
        assertThat(SecureAcls.OUTPUT_TOPICS).containsExactly(Topics.ALERTS, Topics.EXPOSURES, Topics.COMMODITY_STATE);
        assertThat(SecureAcls.DEAD_LETTERS).isEqualTo(Topics.DEAD_LETTERS);
        assertThat(SecureAcls.PUBLISHER_REPORTS).isEqualTo(Topics.PUBLISHER_REPORTS);
        assertThat(SecureAcls.APPLICATION_ID).isEqualTo(AppConfig.APPLICATION_ID.defaultValue());
    }

    @Test
    void thePublishersTransactionalIdsAreCovered() throws Exception {
        for (String cls : List.of("io.supplyshock.publish.JsonlPublisher", "io.supplyshock.profiles.ProfilePublisher")) {
            var field = Class.forName(cls).getDeclaredField("TRANSACTIONAL_ID_PREFIX");
            field.setAccessible(true);
            String prefix = (String) field.get(null);
            assertThat(SecureAcls.PUBLISHER_TRANSACTIONAL_ID_PREFIXES).as(cls).contains(prefix);
        }
    }

    @Test
    void onlyTheAppAndThePublisherWriteAndTheConsumerOnlyReadsOutputs() {
        List<AclBinding> all = SecureAcls.bindings();
        assertThat(all).allSatisfy(b -> assertThat(b.entry().principal()).isIn(
                "User:" + SecureAcls.APP, "User:" + SecureAcls.PUBLISHER, "User:" + SecureAcls.CONSUMER));
        assertThat(all).noneMatch(b -> b.entry().operation() == AclOperation.ALL || b.pattern().name().equals("*"));

        assertThat(topicsWith(all, SecureAcls.CONSUMER, AclOperation.READ)).containsExactlyInAnyOrderElementsOf(SecureAcls.OUTPUT_TOPICS);
        assertThat(all).filteredOn(b -> b.entry().principal().equals("User:" + SecureAcls.CONSUMER))
                .allSatisfy(b -> assertThat(b.entry().operation()).isIn(AclOperation.READ, AclOperation.DESCRIBE));

        assertThat(topicsWith(all, SecureAcls.PUBLISHER, AclOperation.READ)).isEmpty();
        assertThat(topicsWith(all, SecureAcls.PUBLISHER, AclOperation.WRITE))
                .containsExactlyInAnyOrderElementsOf(concat(SecureAcls.INPUT_TOPICS, List.of(SecureAcls.PUBLISHER_REPORTS)));

        assertThat(topicsWith(all, SecureAcls.APP, AclOperation.WRITE))
                .containsExactlyInAnyOrderElementsOf(concat(SecureAcls.OUTPUT_TOPICS, List.of(SecureAcls.DEAD_LETTERS)));
        assertThat(all).filteredOn(b -> b.entry().principal().equals("User:" + SecureAcls.APP) && b.pattern().patternType() == PatternType.PREFIXED)
                .allSatisfy(b -> assertThat(b.pattern().name()).isEqualTo(SecureAcls.APPLICATION_ID))
                .extracting(b -> b.pattern().resourceType()).contains(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID);
    }

    private static Set<String> topicsWith(List<AclBinding> all, String user, AclOperation op) {
        return all.stream().filter(b -> b.entry().principal().equals("User:" + user) && b.entry().operation() == op
                        && b.pattern().resourceType() == ResourceType.TOPIC && b.pattern().patternType() == PatternType.LITERAL)
                .map(b -> b.pattern().name()).collect(Collectors.toSet());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
