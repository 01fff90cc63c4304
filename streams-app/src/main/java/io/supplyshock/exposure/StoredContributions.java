package io.supplyshock.exposure;

import io.supplyshock.schema.Contribution;
import io.supplyshock.schema.internal.ContributionBlock;
import io.supplyshock.topics.SlotBlocks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One commodity's shock contributions as the store holds them: each in one of {@link Exposures#MAX_CONTRIBUTIONS}
 * slots, stored in blocks of {@link #BLOCK_SIZE} ({@code commodity|0} to {@code commodity|4}, {@link SlotBlocks}). A
 * shock past the cap takes the slot of the contribution it pushes out, so new shocks fill the slots in turn and the
 * shocks of one commit mostly share a block, which the record cache writes once: a record per contribution cost one
 * changelog record per alerting shock. The slots say where a contribution is stored, never its place in a row: rows
 * list contributions in {@link Exposures#CANONICAL} order.
 */
final class StoredContributions {

    static final int BLOCK_SIZE = 10;

    private final SlotBlocks<Contribution> slots;
    private final Map<String, Integer> slotOfEvent = new HashMap<>();
    /** The contributions in canonical order; null while it must be rebuilt from the slots. */
    private List<Contribution> canonical = List.of();

    StoredContributions(String commodity) {
        this.slots = new SlotBlocks<>(prefix(commodity), Exposures.MAX_CONTRIBUTIONS, BLOCK_SIZE);
    }

    /** The prefix of every store key of {@code commodity}, and of no other commodity's (ids hold no '|'). */
    static String prefix(String commodity) {
        return commodity + "|";
    }

    /** Adds the contributions of a block read from the store under {@code storeKey}. */
    void load(String storeKey, ContributionBlock block) {
        int first = slots.load(storeKey, block.getContributions());
        for (int i = 0; i < BLOCK_SIZE; i++) {
            Contribution c = block.getContributions().get(i);
            if (c != null) slotOfEvent.put(c.getEventId(), first + i);
        }
        canonical = null;
    }

    /** The contributions in {@link Exposures#CANONICAL} order. */
    List<Contribution> list() {
        if (canonical == null) {
            List<Contribution> all = new ArrayList<>(slotOfEvent.size());
            for (int slot : slotOfEvent.values()) all.add(slots.get(slot));
            all.sort(Exposures.CANONICAL);
            canonical = List.copyOf(all);
        }
        return canonical;
    }

    /**
     * Makes {@code after} (in canonical order) the commodity's contributions: one that stays keeps its slot, a new one
     * takes the slot of one that left, else the lowest free one.
     *
     * @return the issuers of every contribution added, changed or dropped: the rows they reach are the rows that change
     */
    Set<String> replaceWith(List<Contribution> after) {
        Set<String> changedIssuers = new HashSet<>();
        Set<String> kept = new HashSet<>();
        for (Contribution c : after) kept.add(c.getEventId());
        List<Integer> freed = new ArrayList<>();
        for (Contribution c : list()) {
            if (kept.contains(c.getEventId())) continue;
            freed.add(slotOfEvent.remove(c.getEventId()));
            changedIssuers.add(c.getIssuerCountry());
        }
        for (Contribution c : after) {
            Integer slot = slotOfEvent.get(c.getEventId());
            Contribution old = slot == null ? null : slots.get(slot);
            if (slot == null) {
                slot = freed.isEmpty() ? slots.firstFree() : freed.removeLast();
                slotOfEvent.put(c.getEventId(), slot);
            }
            if (!c.equals(old)) {
                changedIssuers.add(c.getIssuerCountry());
                if (old != null) changedIssuers.add(old.getIssuerCountry());
                slots.set(slot, c);
            }
        }
        for (int slot : freed) slots.set(slot, null);
        canonical = List.copyOf(after);
        return changedIssuers;
    }

    /** Hands each block changed since the last call to {@code write}, with its key (a null block: delete the key). */
    void writeChanged(BiConsumer<String, ContributionBlock> write) {
        for (int index : slots.takeChanged()) {
            List<Contribution> block = slots.block(index);
            write.accept(slots.key(index), block == null ? null : new ContributionBlock(block));
        }
    }
}
