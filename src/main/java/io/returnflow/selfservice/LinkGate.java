package io.returnflow.selfservice;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.ProblemType;

/**
 * Opens a return link from its token, for each call of the buyer's page: a token whose signature is wrong, or whose
 * link does not exist, is 404 (nothing tells a forger which part was wrong); a genuine one past its expiry is 410.
 * The calls that cost something (the order's eligibility, quotes, changes) are counted against the link's
 * allowance: past it, 429 with {@code Retry-After}.
 */
@Component
class LinkGate {

    private final LinkTokens tokens;
    private final ReturnLinks links;
    private final SelfServiceProperties properties;
    private final Clock clock;

    LinkGate(LinkTokens tokens, ReturnLinks links, SelfServiceProperties properties, Clock clock) {
        this.tokens = tokens;
        this.links = links;
        this.properties = properties;
        this.clock = clock;
    }

    /** The link of a genuine token that has not expired. */
    ReturnLink open(String token) {
        ReturnLink link = genuine(token);
        if (!link.expiresAt().isAfter(OffsetDateTime.now(clock))) {
            throw new ApiProblem(HttpStatus.GONE, ProblemType.LINK_EXPIRED.typeName(), ProblemType.LINK_EXPIRED.title(),
                    "This return link expired at " + link.expiresAt() + "; ask the shop for a new one.", List.of(),
                    Map.of("expiredAt", link.expiresAt().toString()));
        }
        return link;
    }

    /** The link of a genuine token, expired or not: its return can be followed (and cancelled) to the end. */
    ReturnLink genuine(String token) {
        LinkTokens.Signed signed = tokens.verify(token)
                .orElseThrow(() -> ApiProblem.notFound("No such return link"));
        return links.find(signed.linkId())
                .filter(link -> link.expiresAt().toInstant().equals(signed.expiresAt()))
                .orElseThrow(() -> ApiProblem.notFound("No such return link"));
    }

    /** Counts a call that costs something against the link's allowance (its own transaction, kept on a refusal). */
    void spend(ReturnLink link) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Duration window = properties.allowance().window();
        ReturnLinks.Spent spent = links.spend(link.id(), now, window);
        if (spent.calls() > properties.allowance().calls()) {
            long seconds = Math.max(1, Duration.between(now, spent.since().plus(window)).toSeconds() + 1);
            throw new TooManyRequests(seconds);
        }
    }

    /** 429: the link made more calls than its allowance in the current window. */
    static final class TooManyRequests extends ApiProblem {

        private final long retryAfterSeconds;

        TooManyRequests(long retryAfterSeconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests",
                    "Too many requests with this return link; try again in " + retryAfterSeconds + " s.", List.of(),
                    Map.of("retryAfter", retryAfterSeconds));
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
