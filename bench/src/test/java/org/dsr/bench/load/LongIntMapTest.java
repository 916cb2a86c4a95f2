package org.dsr.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntMapTest {

    @Test
    void behavesLikeAMapForManyRandomKeys() {
        LongIntMap map = new LongIntMap(20_000);
        Map<Long, Integer> reference = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long key = random.nextLong();
            map.put(key, i);
            reference.put(key, i);
        }
        assertThat(map.size()).isEqualTo(reference.size());
        long wrong = reference.entrySet().stream()
                .filter(e -> map.get(e.getKey()) != e.getValue())
                .count();
        assertThat(wrong).isZero();
        assertThat(map.get(42L)).isEqualTo(-1);
    }

    @Test
    void zeroIsAKeyLikeAnyOtherAndPutReturnsThePreviousValue() {
        LongIntMap map = new LongIntMap(4);
        assertThat(map.put(0L, 3)).isEqualTo(-1);
        assertThat(map.put(0L, 5)).isEqualTo(3);
        assertThat(map.get(0L)).isEqualTo(5);
        assertThatThrownBy(() -> map.put(1L, -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToOverfill() {
        LongIntMap map = new LongIntMap(2);
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 100; i++) {
                        map.put(i, i);
                    }
                })
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyOfHexTakesTheFirst64Bits() {
        assertThat(LongIntMap.keyOfHex("ffffffffffffffff" + "00".repeat(24))).isEqualTo(-1L);
        assertThat(LongIntMap.keyOfHex("000000000000002a" + "ab".repeat(24))).isEqualTo(42L);
    }
}
