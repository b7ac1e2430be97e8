package io.returnflow.dropoff;

import java.time.Duration;
import java.util.Map;

/** Drop-off settings for tests: one active code key, as the local run has. */
public final class TestCodeKeys {

    public static final String ACTIVE_ID = "test1";
    /** 32 bytes, Base64. */
    public static final String ACTIVE_SECRET = "dGVzdC1kcm9wLW9mZi1zZWNyZXQtb2YtMzItYnl0ZXM=";

    private TestCodeKeys() {
    }

    /** Codes valid for {@code validity}, sealed with the one test key. */
    public static DropOffProperties properties(Duration validity) {
        return new DropOffProperties(validity, null,
                new DropOffProperties.CodeKeys(ACTIVE_ID, Map.of(ACTIVE_ID, ACTIVE_SECRET), null, null, null));
    }
}
