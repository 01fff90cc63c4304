package io.supplyshock.topics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SlotKeysTest {

    @Test
    void theFirstFreeSlotIsTheLowestNoKeyNamesAndKeysOfAnotherShapeTakeNone() {
        List<String> keys = new ArrayList<>(List.of("c|M#0", "c|M#1", "c|M#2", "c|M#4", "c|M|e7", "d|M#3"));

        assertThat(SlotKeys.firstFree("c|M#", keys, 1)).isEqualTo(3);
        assertThat(SlotKeys.firstFree("c|M#", keys, 1, 3)).isEqualTo(-1);
    }

    @Test
    void withoutACountEverySlotTheDigitsNameIsUsedBeforeNoneIsFree() {
        List<String> keys = new ArrayList<>();
        for (int slot = 0; slot < 9; slot++) keys.add(SlotKeys.key("c|", slot, 1));

        assertThat(SlotKeys.firstFree("c|", keys, 1)).isEqualTo(9);
        keys.add("c|9");
        assertThat(SlotKeys.firstFree("c|", keys, 1)).isEqualTo(-1);
    }
}
