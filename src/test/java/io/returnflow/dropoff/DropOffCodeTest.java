package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Drawing codes, and what the check character catches before any lookup. */
class DropOffCodeTest {

    static final String ALPHABET = DropOffCode.ALPHABET;
    static final int LENGTH = DropOffCode.RANDOM_LENGTH + 1;

    final SecureRandom random = new SecureRandom();

    @Test
    void aHundredThousandCodesNeverCollideAndUseOnlyTheAlphabet() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            DropOffCode code = DropOffCode.generate(random);
            assertThat(code.value()).hasSize(LENGTH);
            for (char c : code.value().toCharArray()) {
                assertThat(ALPHABET.indexOf(c)).as("character %s of %s", c, code).isNotNegative();
            }
            assertThat(seen.add(code.value())).as("code %s drawn twice", code).isTrue();
        }
        assertThat(ALPHABET).doesNotContain("0", "O", "1", "I", "L");
        // 9 random characters of 31: at least 40 bits
        assertThat(DropOffCode.RANDOM_LENGTH * Math.log(ALPHABET.length()) / Math.log(2)).isGreaterThan(40);
    }

    @Test
    void everyCharacterOfTheAlphabetIsDrawnInEveryPosition() {
        List<Set<Character>> perPosition = new ArrayList<>();
        for (int i = 0; i < DropOffCode.RANDOM_LENGTH; i++) {
            perPosition.add(new HashSet<>());
        }
        for (int n = 0; n < 5_000; n++) {
            String value = DropOffCode.generate(random).value();
            for (int i = 0; i < DropOffCode.RANDOM_LENGTH; i++) {
                perPosition.get(i).add(value.charAt(i));
            }
        }
        perPosition.forEach(chars -> assertThat(chars).hasSize(ALPHABET.length()));
    }

    @Test
    void everySingleCharacterSubstitutionIsCaught() {
        for (int n = 0; n < 2_000; n++) {
            String code = DropOffCode.generate(random).value();
            for (int position = 0; position < LENGTH; position++) {
                for (char other : ALPHABET.toCharArray()) {
                    if (other == code.charAt(position)) {
                        continue;
                    }
                    String typo = code.substring(0, position) + other + code.substring(position + 1);
                    assertThat(DropOffCode.parse(typo)).as("%s mistyped as %s", code, typo).isEmpty();
                }
            }
        }
    }

    @Test
    void everySwapOfTwoNeighboursIsCaughtForEveryPairOfCharacters() {
        Random seeded = new Random(31);
        // every ordered pair of different characters at every pair of neighbouring positions in the body
        for (int position = 0; position < DropOffCode.RANDOM_LENGTH - 1; position++) {
            for (char a : ALPHABET.toCharArray()) {
                for (char b : ALPHABET.toCharArray()) {
                    if (a == b) {
                        continue;
                    }
                    char[] body = randomBody(seeded);
                    body[position] = a;
                    body[position + 1] = b;
                    String code = new String(body) + DropOffCode.checkCharacter(new String(body));
                    assertThat(DropOffCode.parse(code)).isPresent();
                    assertThat(DropOffCode.parse(swap(code, position))).as("%s with %c%c swapped", code, a, b)
                            .isEmpty();
                }
            }
        }
        // the last random character next to the check character
        for (int n = 0; n < 20_000; n++) {
            String code = DropOffCode.generate(random).value();
            if (code.charAt(LENGTH - 2) != code.charAt(LENGTH - 1)) {
                assertThat(DropOffCode.parse(swap(code, LENGTH - 2))).as("%s", code).isEmpty();
            }
        }
    }

    @Test
    void theFirstAndLastCharactersOfTheAlphabetSwappedAreCaught() {
        // the pair Luhn mod 31 misses
        String body = "2Z" + "3456789";
        String code = body + DropOffCode.checkCharacter(body);
        assertThat(DropOffCode.parse(code)).isPresent();
        assertThat(DropOffCode.parse("Z2" + code.substring(2))).isEmpty();
    }

    @Test
    void caseAndSeparatorsDoNotMatterAndTheCodeReadsInGroups() {
        DropOffCode code = DropOffCode.generate(random);
        assertThat(code.display()).matches("[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}");
        assertThat(DropOffCode.parse(code.display().toLowerCase())).contains(code);
        assertThat(DropOffCode.parse(" " + code.display().replace("-", " ") + " ")).contains(code);
        assertThat(DropOffCode.parse(code.value())).contains(code);
    }

    @Test
    void whatCannotBeACodeIsEmpty() {
        String code = DropOffCode.generate(random).value();
        assertThat(DropOffCode.parse(null)).isEmpty();
        assertThat(DropOffCode.parse("")).isEmpty();
        assertThat(DropOffCode.parse(code.substring(1))).isEmpty();
        assertThat(DropOffCode.parse(code + "2")).isEmpty();
        assertThat(DropOffCode.parse(code.replace(code.charAt(0), '0'))).isEmpty();
        assertThat(DropOffCode.parse(code.replace(code.charAt(0), 'O'))).isEmpty();
        assertThat(DropOffCode.parse(" ".repeat(100_000) + code)).isEmpty();
    }

    private char[] randomBody(Random seeded) {
        char[] body = new char[DropOffCode.RANDOM_LENGTH];
        for (int i = 0; i < body.length; i++) {
            body[i] = ALPHABET.charAt(seeded.nextInt(ALPHABET.length()));
        }
        return body;
    }

    private static String swap(String code, int position) {
        char[] chars = code.toCharArray();
        char first = chars[position];
        chars[position] = chars[position + 1];
        chars[position + 1] = first;
        return new String(chars);
    }
}
