package io.supplyshock.profiles;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntityIdsTest {

    @Test
    void slugsNames() {
        assertThat(EntityIds.slug("MP Materials")).isEqualTo("mp-materials");
        assertThat(EntityIds.slug("MOFCOM (Ministry of Commerce of China)")).isEqualTo("mofcom-ministry-of-commerce-of-china");
        assertThat(EntityIds.slug("  S&P Global -- Platts ")).isEqualTo("s-p-global-platts");
        assertThat(EntityIds.slug("Société Générale")).isEqualTo("societe-generale");
        assertThat(EntityIds.slug("中國商務部")).isEmpty();
        assertThat(EntityIds.slug("x".repeat(150))).hasSize(100);
    }

    @Test
    void validatesIds() {
        assertThat(EntityIds.isValid("mp-materials")).isTrue();
        assertThat(EntityIds.isValid("3m")).isTrue();
        assertThat(EntityIds.isValid("-mp")).isFalse();
        assertThat(EntityIds.isValid("MP")).isFalse();
        assertThat(EntityIds.isValid("mp_materials")).isFalse();
        assertThat(EntityIds.isValid("a".repeat(101))).isFalse();
    }

    @Test
    void suffixesStayWithinTheLimit() {
        assertThat(EntityIds.withSuffix("mp-materials", 2)).isEqualTo("mp-materials-2");
        assertThat(EntityIds.withSuffix("a".repeat(100), 12)).hasSize(100).endsWith("-12");
    }
}
