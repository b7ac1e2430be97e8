package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RandomIdsTest {

    @Test
    void aReadableIdIsItsPrefixAndReadableCharactersOnly() {
        for (int i = 0; i < 1000; i++) {
            String id = RandomIds.readable("R-", 8);
            assertThat(id).hasSize(10).startsWith("R-");
            // nothing a person could misread: no 0/O, 1/I/L, no lower case
            assertThat(id.substring(2)).matches("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}");
        }
    }

    @Test
    void anIdDrawsFromTheWholeAlphabetGiven() {
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            RandomIds.next("", RandomIds.ALPHANUMERIC, 24).chars().forEach(c -> seen.add((char) c));
        }
        assertThat(seen).hasSize(RandomIds.ALPHANUMERIC.length());
    }

    @Test
    void idsDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(ids.add(RandomIds.readable("SH-", 10))).isTrue();
        }
    }

    @Test
    void anIdWithoutRandomCharactersOrAlphabetIsRefused() {
        assertThatThrownBy(() -> RandomIds.readable("R-", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RandomIds.next("R-", "A", 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
