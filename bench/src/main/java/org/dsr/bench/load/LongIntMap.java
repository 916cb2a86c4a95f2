package org.dsr.bench.load;

import java.util.Arrays;

/**
 * Open-addressing map from a 64-bit key to a non-negative int (a request's sequence number), so that a million
 * in-flight requests cost a few tens of megabytes instead of boxed entries. Not thread-safe: filled before the run,
 * then only read.
 */
public final class LongIntMap {

    private static final int EMPTY = -1;
    private final long[] keys;
    private final int[] values;
    private final int mask;
    private int size;

    public LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, EMPTY);
        mask = capacity - 1;
    }

    /** @return the previous value, or -1 */
    public int put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values must be >= 0");
        }
        if (size * 4L >= keys.length * 3L) {
            throw new IllegalStateException("map full (" + size + ")");
        }
        int i = slot(key);
        while (values[i] != EMPTY) {
            if (keys[i] == key) {
                int old = values[i];
                values[i] = value;
                return old;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        return EMPTY;
    }

    /** @return the value, or -1 when absent */
    public int get(long key) {
        int i = slot(key);
        while (values[i] != EMPTY) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return EMPTY;
    }

    public int size() {
        return size;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The first 64 bits of a hex pseudonym (HMAC-SHA-256), as a key. */
    public static long keyOfHex(String hex) {
        return Long.parseUnsignedLong(hex.substring(0, 16), 16);
    }
}
