package io.supplyshock.topics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its least recently used entry past a capacity: the in-memory copies processors keep of what
 * their stores hold for the commodities seen recently. Not thread-safe; one per processor instance.
 */
public final class RecentlyUsed {

    private RecentlyUsed() {
    }

    public static <V> Map<String, V> map(int capacity) {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
