package io.returnflow.dropoff;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.returnflow.dropoff.CheckInAudit.Attempt;
import io.returnflow.dropoff.CheckInAudit.Kind;
import io.returnflow.dropoff.CheckInAudit.Outcome;
import io.returnflow.dropoff.CheckInLimiter.Throttle;
import io.returnflow.platform.ApiProblem;

/**
 * The counter in front of {@link DropOffService}: only a clerk of the store (or an admin) may check
 * in or preview there, a client or store with too many wrong codes waits, and every attempt is audited
 * — after the check-in's own transaction ended, so a refused or failed attempt leaves its row too.
 */
@Service
public class CheckInDesk {

    private static final Logger log = LoggerFactory.getLogger(CheckInDesk.class);

    private final DropOffService dropOffs;
    private final StoreClerks clerks;
    private final CheckInLimiter limiter;
    private final CheckInAudit audit;
    private final CodeVault vault;
    private final Clock clock;

    public CheckInDesk(DropOffService dropOffs, StoreClerks clerks, CheckInLimiter limiter, CheckInAudit audit,
                       CodeVault vault, Clock clock) {
        this.dropOffs = dropOffs;
        this.clerks = clerks;
        this.limiter = limiter;
        this.audit = audit;
        this.vault = vault;
        this.clock = clock;
    }

    /**
     * Who stands at the counter.
     *
     * @param userId  the authenticated user
     * @param admin   an administrator may check in at any store
     * @param address the client's network address; with the user it identifies the client for the limits
     */
    public record Clerk(String userId, boolean admin, String address) {

        String clientKey() {
            return userId + "@" + address;
        }
    }

    /**
     * Checks the parcel in.
     *
     * @return the id of the return checked in
     * @throws ApiProblem 403 not the clerk's store, 429 too many wrong codes, or a {@link CodeRefused}
     */
    public String checkIn(String storeId, String typedCode, Clerk clerk) {
        return attempt(Kind.CHECK_IN, storeId, typedCode, clerk,
                () -> dropOffs.checkIn(storeId, typedCode, clerk.userId()), id -> id, Outcome.CHECKED_IN);
    }

    /** What the clerk would check in; refused, limited and audited exactly like {@link #checkIn}. */
    public CheckInPreview preview(String storeId, String typedCode, Clerk clerk) {
        return attempt(Kind.PREVIEW, storeId, typedCode, clerk, () -> dropOffs.preview(storeId, typedCode),
                CheckInPreview::returnId, Outcome.PREVIEWED);
    }

    private <T> T attempt(Kind kind, String storeId, String typedCode, Clerk clerk, Supplier<T> action,
                          Function<T, String> returnIdOf, Outcome success) {
        long started = System.nanoTime();
        OffsetDateTime at = OffsetDateTime.now(clock);
        Outcome outcome = Outcome.FAILED;
        String returnId = null;
        try {
            if (!clerk.admin() && !clerks.isBound(storeId, clerk.userId())) {
                outcome = Outcome.NOT_YOUR_STORE;
                throw new ApiProblem(HttpStatus.FORBIDDEN, "not-your-store", "Not your store",
                        "You are not a clerk of store " + storeId + "; operations bind clerks to stores.", List.of(),
                        Map.of());
            }
            var throttle = limiter.check(clerk.userId(), clerk.address(), storeId);
            if (throttle.isPresent()) {
                outcome = Outcome.RATE_LIMITED;
                log.warn("Check-in attempts at store {} refused for {}s: too many wrong codes ({})", storeId,
                        throttle.get().retryAfterSeconds(), throttle.get().scope());
                throw new TooManyAttempts(throttle.get(), storeId);
            }
            T result = action.get();
            outcome = success;
            returnId = returnIdOf.apply(result);
            return result;
        } catch (CodeRefused refused) {
            outcome = refused.outcome();
            returnId = refused.returnId();
            throw refused;
        } finally {
            // the audit row is also what the limiter counts: a wrong code counts from here, on every node
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            audit.record(new Attempt(at, storeId, clerk.userId(), clerk.address(), kind, outcome, codeHash(typedCode),
                    returnId, elapsedMs));
        }
    }

    /** The keyed lookup hash of a well-formed code, never the code itself. */
    private String codeHash(String typedCode) {
        return DropOffCode.parse(typedCode).map(vault::lookupHash).orElse(null);
    }

    /** 429: the counter waits {@link Throttle#retryAfterSeconds()} before it takes another code from this client. */
    public static final class TooManyAttempts extends ApiProblem {

        private final long retryAfterSeconds;

        TooManyAttempts(Throttle throttle, String storeId) {
            super(HttpStatus.TOO_MANY_REQUESTS, "too-many-attempts", "Too many failed attempts",
                    (throttle.scope() == CheckInLimiter.Scope.CLIENT
                            ? "Too many wrong codes from you"
                            : "Too many wrong codes at store " + storeId)
                            + " in a short time; try again in " + throttle.retryAfterSeconds() + " s.",
                    List.of(), Map.of("retryAfter", throttle.retryAfterSeconds()));
            this.retryAfterSeconds = throttle.retryAfterSeconds();
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
