package io.supplyshock.profiles;

import io.supplyshock.schema.ExposureRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RolesTest {

    @Test
    void mapsFreeTextByKeywordsInAFixedOrder() {
        assertThat(Roles.fromText("producer (mine-to-magnet)")).isEqualTo(ExposureRole.PRODUCER);
        assertThat(Roles.fromText("miner -> AI host")).isEqualTo(ExposureRole.PRODUCER);
        assertThat(Roles.fromText("producer (AI chips) / consumer (foundry)")).isEqualTo(ExposureRole.CONSUMER);
        assertThat(Roles.fromText("financier / strategic buyer")).isEqualTo(ExposureRole.FINANCIER);
        assertThat(Roles.fromText("central bank buyer")).isEqualTo(ExposureRole.FINANCIER);
        assertThat(Roles.fromText("regulator (export licensing)")).isEqualTo(ExposureRole.REGULATOR);
        assertThat(Roles.fromText("other (quantum hardware)")).isEqualTo(ExposureRole.OTHER);
        assertThat(Roles.fromText("Consumer")).isEqualTo(ExposureRole.CONSUMER);
        assertThat(Roles.fromText(null)).isEqualTo(ExposureRole.OTHER);
    }

    @Test
    void observersAreThoseWithNoOtherRole() {
        assertThat(Roles.isObserverOnly("analyst")).isTrue();
        assertThat(Roles.isObserverOnly("analyst / media")).isTrue();
        assertThat(Roles.isObserverOnly("data source (hashrate map)")).isTrue();
        assertThat(Roles.isObserverOnly("price reporting agency")).isTrue();
        assertThat(Roles.isObserverOnly("government spokesperson")).isTrue();
        assertThat(Roles.isObserverOnly("financier / research")).isFalse();
        assertThat(Roles.isObserverOnly("producer")).isFalse();
        assertThat(Roles.isObserverOnly(null)).isFalse();
    }

    @Test
    void defaultWeightsByRole() {
        assertThat(Roles.defaultWeight(ExposureRole.CONSUMER)).isEqualTo(0.8);
        assertThat(Roles.defaultWeight(ExposureRole.PRODUCER)).isEqualTo(0.6);
        assertThat(Roles.defaultWeight(ExposureRole.FINANCIER)).isEqualTo(0.4);
        assertThat(Roles.defaultWeight(ExposureRole.REGULATOR)).isEqualTo(0.2);
        assertThat(Roles.defaultWeight(ExposureRole.OTHER)).isEqualTo(0.3);
    }
}
