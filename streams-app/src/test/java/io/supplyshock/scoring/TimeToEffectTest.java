package io.supplyshock.scoring;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class TimeToEffectTest {

    @Test
    void eachHorizonEndsOnItsLastDay() {
        assertThat(List.of(-3L, 0L, 1L, 90L, 91L, 365L, 366L)).extracting(TimeToEffect::factor)
                .containsExactly(1.0, 1.0, 0.95, 0.95, 0.8, 0.8, 0.6);
    }

    @Test
    void theFactorNeverFallsAsTheDateNears() {
        List<Double> farToNear = LongStream.rangeClosed(0, 400).map(d -> 400 - d).mapToObj(TimeToEffect::factor).toList();

        assertThat(farToNear).isSorted();
    }

    @Test
    void theExplanationStatesTheStepItApplies() {
        assertThat(TimeToEffect.describe()).isEqualTo(
                "now 1.0, within 90 days 0.95, within 365 days 0.8, later 0.6");
    }
}
