package io.returnflow.payment;

import java.time.Duration;

/** Payment settings for tests, with the defaults of application.yaml's production profile. */
public final class TestPaymentProperties {

    public static final String SECRET_KEY = "sk_test_sandbox";
    public static final String WEBHOOK_SECRET = "whsec_sandbox";
    public static final Duration KEY_LIFETIME = Duration.ofHours(24);
    public static final Duration PENDING_AFTER = Duration.ofMinutes(10);
    public static final Duration TOLERANCE = Duration.ofSeconds(300);
    public static final Duration IN_FLIGHT_LEASE = Duration.ofMinutes(1);

    private TestPaymentProperties() {
    }

    public static PaymentProperties defaults() {
        return sandbox(0, Duration.ofSeconds(5));
    }

    public static PaymentProperties sandbox(int flakyFailures, Duration pendingFor) {
        return new PaymentProperties("http://localhost/sandbox/payments", SECRET_KEY, WEBHOOK_SECRET, TOLERANCE,
                KEY_LIFETIME, new PaymentProperties.FollowUp(Duration.ofMinutes(1), PENDING_AFTER, 50),
                new PaymentProperties.Sandbox(true, flakyFailures, pendingFor, null, Duration.ofSeconds(1),
                        IN_FLIGHT_LEASE));
    }
}
