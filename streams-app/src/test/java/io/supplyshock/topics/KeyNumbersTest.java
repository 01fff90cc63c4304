package io.supplyshock.topics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyNumbersTest {

    @Test
    void paddedNumbersSortAsTheNumbersDo() {
        assertThat(KeyNumbers.padded(42, 5)).isEqualTo("00042");
        assertThat(KeyNumbers.padded(0, 3)).isEqualTo("000");
        // Wider than asked: written whole, never cut.
        assertThat(KeyNumbers.padded(123_456, 3)).isEqualTo("123456");
        List<String> sorted = Stream.of(1_767_225_600_000L, 9L, 86_400_000L, 0L).map(n -> KeyNumbers.padded(n, 15)).sorted().toList();
        assertThat(sorted).extracting(Long::parseLong).containsExactly(0L, 9L, 86_400_000L, 1_767_225_600_000L);
        assertThatThrownBy(() -> KeyNumbers.padded(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
