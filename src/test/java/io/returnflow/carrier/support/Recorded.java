package io.returnflow.carrier.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Recorded Kdniao payloads under src/test/resources/kdniao. */
public final class Recorded {

    private Recorded() {
    }

    public static String kdniao(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("/kdniao/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no recorded payload " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
