package io.prodcat.engine.features;

import java.util.Arrays;

/** Distinct int keys with counts, in insertion order; an open-addressing table reused between texts. */
final class TermCounts {

    private int[] table = new int[256]; // slot -> key + 1 (0 = empty)
    private int[] slotEntry = new int[256]; // slot -> entry index
    private int[] keys = new int[64];
    private int[] counts = new int[64];
    private int size;

    void clear() {
        Arrays.fill(table, 0);
        size = 0;
    }

    void add(int key) {
        int slot = probe(key);
        if (table[slot] != 0) {
            counts[slotEntry[slot]]++;
            return;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        keys[size] = key;
        counts[size] = 1;
        table[slot] = key + 1;
        slotEntry[slot] = size++;
        if (size * 2 > table.length) {
            rehash();
        }
    }

    int size() {
        return size;
    }

    int key(int entry) {
        return keys[entry];
    }

    int count(int entry) {
        return counts[entry];
    }

    private int probe(int key) {
        int slot = hash(key) & (table.length - 1);
        while (table[slot] != 0 && table[slot] != key + 1) {
            slot = (slot + 1) & (table.length - 1);
        }
        return slot;
    }

    private void rehash() {
        table = new int[table.length * 2];
        slotEntry = new int[table.length];
        for (int i = 0; i < size; i++) {
            int slot = probe(keys[i]);
            table[slot] = keys[i] + 1;
            slotEntry[slot] = i;
        }
    }

    private static int hash(int key) {
        return key * 0x9E3779B1 >>> 7;
    }
}
