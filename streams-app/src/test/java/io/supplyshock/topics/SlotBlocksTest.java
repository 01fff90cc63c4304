package io.supplyshock.topics;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotBlocksTest {

    @Test
    void keysNumberTheBlocksWithAsManyDigitsAsTheLastNeeds() {
        assertThat(new SlotBlocks<String>("tin|", 50, 10).key(4)).isEqualTo("tin|4");
        assertThat(new SlotBlocks<String>("tin|", 200, 10).key(3)).isEqualTo("tin|03");
        assertThatThrownBy(() -> new SlotBlocks<String>("tin|", 55, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("55 slots do not make blocks of 10");
    }

    @Test
    void aBlockIsToBeWrittenOnlyWhenOneOfItsSlotsTakesAnotherValue() {
        SlotBlocks<String> slots = new SlotBlocks<>("tin|", 30, 10);
        slots.set(0, "a");
        slots.set(9, "b");
        slots.set(25, "c");
        assertThat(slots.takeChanged()).containsExactly(0, 2);
        assertThat(slots.takeChanged()).isEmpty();

        slots.set(0, "a");
        slots.set(12, null);
        assertThat(slots.takeChanged()).isEmpty();

        slots.set(25, null);
        assertThat(slots.takeChanged()).containsExactly(2);
        assertThat(slots.block(2)).as("a block with every slot free is deleted").isNull();
        assertThat(slots.block(0)).containsExactly("a", null, null, null, null, null, null, null, null, "b");
        assertThat(slots.firstFree()).isEqualTo(1);
    }

    @Test
    void blocksReadBackFillTheirSlotsWithoutBeingRewritten() {
        SlotBlocks<String> slots = new SlotBlocks<>("tin|", 20, 10);
        List<String> stored = Arrays.asList("x", null, "y", null, null, null, null, null, null, null);
        assertThat(slots.load("tin|1", stored)).isEqualTo(10);
        assertThat(slots.get(12)).isEqualTo("y");
        assertThat(slots.block(1)).isEqualTo(stored);
        assertThat(slots.takeChanged()).isEmpty();
        assertThat(slots.firstFree()).isZero();

        assertThatThrownBy(() -> slots.load("tin|2", stored)).isInstanceOf(IllegalStateException.class).hasMessageContaining("tin|2");
        assertThatThrownBy(() -> slots.load("tin|07", stored)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> slots.load("tin|0", stored.subList(0, 5))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("with 5 slots");
    }

    @Test
    void whenEverySlotHoldsAnEntryNoneIsFree() {
        SlotBlocks<Integer> slots = new SlotBlocks<>("tin|", 10, 10);
        for (int i = 0; i < 10; i++) slots.set(i, i);
        assertThatThrownBy(slots::firstFree).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("all 10 slots under tin| are taken");
    }
}
