package io.returnflow.platform;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reading operations' list parameters the same way everywhere, with a 400 naming the parameter. */
public final class QueryParams {

    private QueryParams() {
    }

    /** One of the enum's values, in any case; otherwise a 400 listing them. */
    public static <E extends Enum<E>> E oneOf(String field, String value, Class<E> values) {
        try {
            return Enum.valueOf(values, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid(field, "one of " + Arrays.stream(values.getEnumConstants()).map(Enum::name)
                    .collect(Collectors.joining(", ")));
        }
    }

    /** A page size from 1 to {@code max}; otherwise a 400. */
    public static int limit(int value, int max) {
        if (value < 1 || value > max) {
            throw ApiProblem.invalid("limit", "between 1 and " + max);
        }
        return value;
    }
}
