package io.returnflow.payment.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.payment.PaymentProperties;
import io.returnflow.platform.RandomIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A payment provider simulated inside the application: the refund part of a Stripe-compatible API,
 * implemented for real (its own tables, its own idempotency), so that the product's adapter is exercised
 * over HTTP exactly as against the real provider.
 *
 * <p>Idempotency, as the real provider does it:
 * <ul>
 *   <li>the first request with a key is processed and its answer stored, a refusal as much as a success;
 *       the same key with the same parameters replays that answer (status and body);</li>
 *   <li>the same key with different parameters is a 400 {@code idempotency_error};</li>
 *   <li>a request whose key is still being processed gets a 409: the key's row is the lock, held as a lease
 *       ({@code in_flight_until}, {@code returnflow.payment.sandbox.in-flight-lease}) by whichever node
 *       processes it. A lease that ran out (its node died, or is stuck) is taken over by the next request with
 *       the key, by one conditional update, so exactly one of several racing requests takes it; the request that
 *       lost its lease can no longer store an answer or release the key (each claim is fenced by its
 *       {@code attempts} number). Nothing is released when a node starts: another node may be processing;</li>
 *   <li>invalid requests and failures before processing (the 503s of {@code ch_refund_flaky}) are not
 *       stored: a retry is processed afresh.</li>
 * </ul>
 * Keys are kept (with their creation time); the real provider forgets them after about a day.
 *
 * <p>Scenarios by charge, like a provider's test cards: {@value #FAILING_CHARGE} is refused (402
 * {@code refund_failed}); {@value #FLAKY_CHARGE} fails with 503 for the first
 * {@code returnflow.payment.sandbox.flaky-failures} tries of a key, then succeeds; {@value #PENDING_CHARGE}
 * is accepted {@code pending} and succeeds {@code returnflow.payment.sandbox.pending-for} later (see
 * {@link #settleDue()}; the {@code refund.updated} webhook follows, see {@link SandboxRefundWebhooks}); any
 * other charge id starting with {@code ch_} is refunded at once. The sandbox does not know charges, so it cannot refuse an
 * amount larger than the charge; it insists on {@code amount}, {@code currency} and an
 * {@code Idempotency-Key}, which the real API would let default.
 */
@Component
@ConditionalOnProperty(prefix = "returnflow.payment.sandbox", name = "enabled", havingValue = "true")
class SandboxPaymentProvider {

    static final String FAILING_CHARGE = "ch_refund_fails";
    static final String FLAKY_CHARGE = "ch_refund_flaky";
    static final String PENDING_CHARGE = "ch_refund_pending";

    private static final Logger log = LoggerFactory.getLogger(SandboxPaymentProvider.class);
    private static final Set<String> REASONS = Set.of("duplicate", "fraudulent", "requested_by_customer");
    private static final Pattern METADATA = Pattern.compile("metadata\\[([^\\[\\]]+)]");
    private static final String RETURN_ID_METADATA = "return_id";
    private static final String MDC_RETURN_ID = "returnId";
    /** The refund API's documented limits. */
    private static final int MAX_KEY_LENGTH = 255;
    private static final int DEFAULT_PAGE_SIZE = 10;
    private static final int MAX_PAGE_SIZE = 100;
    private static final int ID_LENGTH = 24;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final PaymentProperties properties;
    private final Clock clock;

    public SandboxPaymentProvider(JdbcClient jdbc, PlatformTransactionManager transactions, ObjectMapper json,
                                  PaymentProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** {@code POST /v1/refunds}. */
    public SandboxAnswer createRefund(String authorization, String idempotencyKey, Map<String, String> params) {
        if (!authorized(authorization)) {
            return unauthorized(authorization);
        }
        SandboxAnswer invalid = validate(params);
        if (invalid != null) {
            return invalid;
        }
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return error(400, "invalid_request_error", "parameter_missing", null,
                    "The sandbox requires an Idempotency-Key header on every refund.");
        }
        if (idempotencyKey.length() > MAX_KEY_LENGTH) {
            return error(400, "invalid_request_error", null, null,
                    "Keys for idempotent requests can only be " + MAX_KEY_LENGTH + " characters long.");
        }
        Claim claim = claim(idempotencyKey, fingerprint(params));
        if (claim instanceof Claim.Claimed claimed) {
            return process(idempotencyKey, claimed.attempt(), params);
        }
        if (claim instanceof Claim.Replay replay) {
            return replay.answer();
        }
        if (claim instanceof Claim.Mismatch) {
            return error(400, "idempotency_error", null, null,
                    "Keys for idempotent requests can only be used with the same parameters they were first used "
                            + "with. Try using a key other than '" + idempotencyKey + "'.");
        }
        return inProgress();
    }

    private SandboxAnswer inProgress() {
        return error(409, "idempotency_error", "idempotency_key_in_use", null,
                "There is currently another in-progress request using this idempotency key. Try again later.");
    }

    /** {@code GET /v1/refunds?charge=...}: the charge's refunds, newest first, a page at a time. */
    public SandboxAnswer listRefunds(String authorization, Map<String, String> params) {
        if (!authorized(authorization)) {
            return unauthorized(authorization);
        }
        String charge = params.get("charge");
        if (charge == null || charge.isBlank()) {
            return error(400, "invalid_request_error", "parameter_missing", "charge",
                    "The sandbox lists refunds by charge: send charge.");
        }
        int limit = DEFAULT_PAGE_SIZE;
        if (params.containsKey("limit")) {
            Long parsed = positiveInteger(params.get("limit"));
            if (parsed == null || parsed > MAX_PAGE_SIZE) {
                return error(400, "invalid_request_error", "parameter_invalid_integer", "limit",
                        "limit must be an integer between 1 and " + MAX_PAGE_SIZE + ".");
            }
            limit = parsed.intValue();
        }
        List<Map<String, Object>> refunds = jdbc.sql("""
                        select * from sandbox_payment_refunds where charge_id = :charge
                        order by created_at desc, id desc
                        """)
                .param("charge", charge)
                .query(this::refundObject)
                .list();
        int from = 0;
        String startingAfter = params.get("starting_after");
        if (startingAfter != null) {
            from = -1;
            for (int i = 0; i < refunds.size() && from < 0; i++) {
                if (startingAfter.equals(refunds.get(i).get("id"))) {
                    from = i + 1;
                }
            }
            if (from < 0) {
                return error(400, "invalid_request_error", "resource_missing", "starting_after",
                        "No such refund: '" + startingAfter + "'");
            }
        }
        int to = Math.min(refunds.size(), from + limit);
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("object", "list");
        list.put("data", refunds.subList(from, to));
        list.put("has_more", to < refunds.size());
        list.put("url", "/v1/refunds");
        return new SandboxAnswer(200, write(list), false);
    }

    /** {@code GET /v1/refunds/{id}}: the refund as it stands now. */
    public SandboxAnswer retrieveRefund(String authorization, String id) {
        if (!authorized(authorization)) {
            return unauthorized(authorization);
        }
        return jdbc.sql("select * from sandbox_payment_refunds where id = :id")
                .param("id", id)
                .query(this::refundObject)
                .optional()
                .map(refund -> new SandboxAnswer(200, write(refund), false))
                .orElseGet(() -> error(404, "invalid_request_error", "resource_missing", "id",
                        "No such refund: '" + id + "'"));
    }

    // --- settling and webhooks ---------------------------------------------------------------------

    /**
     * Settles the pending refunds that are due: they succeed, and their {@code refund.updated} webhook
     * becomes due.
     *
     * @return how many refunds succeeded
     */
    public int settleDue() {
        int settled = jdbc.sql("""
                        update sandbox_payment_refunds set status = 'succeeded', webhook_due = true
                        where status = 'pending' and settles_at <= :now
                        """)
                .param("now", OffsetDateTime.now(clock))
                .update();
        if (settled > 0) {
            log.info("Sandbox payment provider settled {} pending refunds as succeeded", settled);
        }
        return settled;
    }

    /**
     * The refunds whose webhook is still to be delivered (as refund objects), oldest first, but those another node
     * is delivering ({@link #claimWebhook}).
     */
    List<Map<String, Object>> webhooksDue(int limit) {
        return jdbc.sql("""
                        select * from sandbox_payment_refunds where webhook_due = true
                          and (webhook_claimed_until is null or webhook_claimed_until <= :now)
                        order by created_at, id fetch first :limit rows only
                        """)
                .param("now", OffsetDateTime.now(clock)).param("limit", limit)
                .query(this::refundObject)
                .list();
    }

    /**
     * Takes the delivery of this refund's webhook (in this status) for this node, for the in-flight lease: another
     * node that read it in the same tick finds it taken, so each webhook is sent by one node at a time. A node that
     * stops while delivering leaves it to be sent again once the lease ran out.
     *
     * @return the end of this node's claim when it may deliver it (what {@link #webhookNotDelivered} gives back),
     *         empty when another node holds it
     */
    Optional<OffsetDateTime> claimWebhook(String id, String status) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        // to the database's precision, so that the claim is found again by its end
        OffsetDateTime until = now.plus(properties.sandbox().inFlightLease()).truncatedTo(ChronoUnit.MICROS);
        int claimed = jdbc.sql("""
                        update sandbox_payment_refunds set webhook_claimed_until = :until
                        where id = :id and status = :status and webhook_due = true
                          and (webhook_claimed_until is null or webhook_claimed_until <= :now)
                        """)
                .param("id", id).param("status", status).param("now", now).param("until", until)
                .update();
        return claimed == 1 ? Optional.of(until) : Optional.empty();
    }

    /** The receiver acknowledged the webhook for this refund in this status. */
    void webhookDelivered(String id, String status) {
        jdbc.sql("""
                        update sandbox_payment_refunds set webhook_due = false, webhook_claimed_until = null
                        where id = :id and status = :status
                        """)
                .param("id", id).param("status", status)
                .update();
    }

    /**
     * The webhook was not acknowledged: any node sends it again next tick. Only this node's claim is given back: a
     * delivery that outlasted its claim finds another node's claim in its place, and leaves it.
     */
    void webhookNotDelivered(String id, OffsetDateTime claimedUntil) {
        jdbc.sql("""
                        update sandbox_payment_refunds set webhook_claimed_until = null
                        where id = :id and webhook_claimed_until = :until
                        """)
                .param("id", id).param("until", claimedUntil)
                .update();
    }

    // --- idempotency -------------------------------------------------------------------------------

    /** The outcome of trying to take an idempotency key for processing. */
    private sealed interface Claim {
        /** This request processes the key; {@code attempt} counts the tries that got this far. */
        record Claimed(int attempt) implements Claim {
        }

        record Replay(SandboxAnswer answer) implements Claim {
        }

        record InFlight() implements Claim {
        }

        record Mismatch() implements Claim {
        }
    }

    private Claim claim(String key, String fingerprint) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime leaseEnds = now.plus(properties.sandbox().inFlightLease());
        try {
            jdbc.sql("""
                    insert into sandbox_payment_requests (idem_key, request_fingerprint, in_flight_until, attempts,
                      created_at)
                    values (:key, :fingerprint, :leaseEnds, 1, :now)
                    """)
                    .param("key", key).param("fingerprint", fingerprint).param("leaseEnds", leaseEnds)
                    .param("now", now)
                    .update();
            return new Claim.Claimed(1);
        } catch (DuplicateKeyException known) {
            // fall through: the key was used before
        }
        StoredRequest stored = stored(key);
        if (!stored.fingerprint().equals(fingerprint)) {
            return new Claim.Mismatch();
        }
        if (stored.answer() != null) {
            return new Claim.Replay(stored.answer().replay());
        }
        // free, or its lease ran out: one statement, so of racing requests exactly one takes it (the others wait
        // for its row lock, then find the new lease alive)
        int taken = jdbc.sql("""
                        update sandbox_payment_requests set in_flight_until = :leaseEnds, attempts = attempts + 1
                        where idem_key = :key and response_status is null
                          and (in_flight_until is null or in_flight_until <= :now)
                        """)
                .param("key", key).param("leaseEnds", leaseEnds).param("now", now).update();
        if (taken == 1) {
            return new Claim.Claimed(stored(key).attempts());
        }
        // another request holds the key (its lease lives), or took it between our read and our update
        StoredRequest current = stored(key);
        return current.answer() != null ? new Claim.Replay(current.answer().replay()) : new Claim.InFlight();
    }

    private record StoredRequest(String fingerprint, SandboxAnswer answer, int attempts) {
    }

    private StoredRequest stored(String key) {
        return jdbc.sql("""
                        select request_fingerprint, response_status, response_body, attempts
                        from sandbox_payment_requests where idem_key = :key
                        """)
                .param("key", key)
                .query((rs, row) -> {
                    int status = rs.getInt("response_status");
                    SandboxAnswer answer = rs.wasNull() ? null
                            : new SandboxAnswer(status, rs.getString("response_body"), false);
                    return new StoredRequest(rs.getString("request_fingerprint"), answer, rs.getInt("attempts"));
                })
                .single();
    }

    /** Frees the key for a retry, unless this claim's lease was taken over meanwhile. */
    private void release(String key, int attempt) {
        jdbc.sql("""
                        update sandbox_payment_requests set in_flight_until = null
                        where idem_key = :key and attempts = :attempt and response_status is null
                        """)
                .param("key", key).param("attempt", attempt).update();
    }

    /** The claim's lease ran out and another request took the key: this one must not store its answer. */
    private static final class LeaseLost extends RuntimeException {

        LeaseLost(String key) {
            super("The lease on idempotency key " + key + " ran out and was taken over", null, false, false);
        }
    }

    // --- processing --------------------------------------------------------------------------------

    private SandboxAnswer process(String key, int attempt, Map<String, String> params) {
        String charge = params.get("charge");
        String returnId = params.get("metadata[" + RETURN_ID_METADATA + "]");
        try (MDC.MDCCloseable mdc = MDC.putCloseable(MDC_RETURN_ID, returnId == null ? "" : returnId)) {
            return processLogged(key, attempt, charge, returnId, params);
        }
    }

    private SandboxAnswer processLogged(String key, int attempt, String charge, String returnId,
                                        Map<String, String> params) {
        try {
            if (FLAKY_CHARGE.equals(charge) && attempt <= properties.sandbox().flakyFailures()) {
                release(key, attempt);
                log.info("Sandbox payment provider failed refund {} for return {} with 503 (try {} of {} to fail)",
                        key, returnId, attempt, properties.sandbox().flakyFailures());
                return error(503, "api_error", null, null,
                        "The sandbox provider failed before processing the request; retry with the same key.");
            }
            SandboxAnswer answer;
            if (FAILING_CHARGE.equals(charge)) {
                answer = error(402, "card_error", "refund_failed", null,
                        "The refund could not be processed: the card's issuer declined it.");
                transaction.executeWithoutResult(status -> store(key, attempt, answer));
                log.info("Sandbox payment provider refused refund {} for return {}", key, returnId);
            } else {
                answer = refund(key, attempt, params);
                log.info("Sandbox payment provider refunded {} {} on {} for return {}{}", params.get("amount"),
                        params.get("currency"), charge, returnId, PENDING_CHARGE.equals(charge) ? " (pending)" : "");
            }
            return answer;
        } catch (LeaseLost lost) {
            // rolled back: the request that took the key over answers for it; this one says what the key is now
            log.warn("Sandbox payment provider dropped refund {} for return {}: {}", key, returnId, lost.getMessage());
            StoredRequest now = stored(key);
            return now.answer() != null ? now.answer().replay() : inProgress();
        } catch (RuntimeException failed) {
            release(key, attempt);    // nothing stored: a retry is processed afresh
            throw failed;
        }
    }

    private SandboxAnswer refund(String key, int attempt, Map<String, String> params) {
        String id = "re_" + randomId();
        OffsetDateTime now = OffsetDateTime.now(clock);
        long amount = Long.parseLong(params.get("amount"));
        String currency = params.get("currency");
        Map<String, String> metadata = metadata(params);
        boolean pending = PENDING_CHARGE.equals(params.get("charge"));
        String refundStatus = pending ? "pending" : "succeeded";
        SandboxAnswer answer = new SandboxAnswer(200, write(refundObject(id, params.get("charge"), amount, currency,
                params.get("reason"), refundStatus, now, metadata)), false);
        transaction.executeWithoutResult(status -> {
            jdbc.sql("""
                    insert into sandbox_payment_refunds (id, charge_id, amount, currency, reason, return_id, status,
                      idempotency_key, created_at, settles_at)
                    values (:id, :charge, :amount, :currency, :reason, :returnId, :status, :key, :now, :settlesAt)
                    """)
                    .param("id", id).param("charge", params.get("charge")).param("amount", amount)
                    .param("currency", currency).param("reason", params.get("reason"))
                    .param("returnId", metadata.get(RETURN_ID_METADATA)).param("status", refundStatus)
                    .param("key", key).param("now", now)
                    .param("settlesAt", pending ? now.plus(properties.sandbox().pendingFor()) : null)
                    .update();
            store(key, attempt, answer);
        });
        return answer;
    }

    /**
     * Stores the answer for the key, in the caller's transaction.
     *
     * @throws LeaseLost this claim's lease was taken over: the transaction must roll back
     */
    private void store(String key, int attempt, SandboxAnswer answer) {
        int stored = jdbc.sql("""
                        update sandbox_payment_requests set response_status = :status, response_body = :body,
                          in_flight_until = null
                        where idem_key = :key and attempts = :attempt and response_status is null
                        """)
                .param("status", answer.status()).param("body", answer.body()).param("key", key)
                .param("attempt", attempt)
                .update();
        if (stored != 1) {
            throw new LeaseLost(key);
        }
    }

    private Map<String, Object> refundObject(ResultSet rs, int row) throws SQLException {
        return refundObject(rs.getString("id"), rs.getString("charge_id"), rs.getLong("amount"),
                rs.getString("currency"), rs.getString("reason"), rs.getString("status"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getString("return_id") == null ? Map.of() : Map.of(RETURN_ID_METADATA, rs.getString("return_id")));
    }

    private Map<String, Object> refundObject(String id, String charge, long amount, String currency, String reason,
                                             String status, OffsetDateTime created, Map<String, String> metadata) {
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("id", id);
        refund.put("object", "refund");
        refund.put("amount", amount);
        refund.put("charge", charge);
        refund.put("created", created.toEpochSecond());
        refund.put("currency", currency);
        refund.put("metadata", metadata);
        refund.put("payment_intent", null);
        refund.put("reason", reason);
        refund.put("status", status);
        return refund;
    }

    // --- validation --------------------------------------------------------------------------------

    /** The first problem with the parameters as the provider reports it, or null when they are valid. */
    private SandboxAnswer validate(Map<String, String> params) {
        for (String name : params.keySet()) {
            if (name.equals("payment_intent")) {
                return error(400, "invalid_request_error", "parameter_unknown", name,
                        "The sandbox refunds charges only: send charge instead of payment_intent.");
            }
            if (!Set.of("charge", "amount", "currency", "reason").contains(name) && !METADATA.matcher(name).matches()) {
                return error(400, "invalid_request_error", "parameter_unknown", name,
                        "Received unknown parameter: " + name);
            }
        }
        String charge = params.get("charge");
        if (charge == null || charge.isBlank()) {
            return error(400, "invalid_request_error", "parameter_missing", "charge", "Missing required param: charge.");
        }
        if (!charge.startsWith("ch_")) {
            return error(400, "invalid_request_error", "resource_missing", "charge", "No such charge: '" + charge + "'");
        }
        String amount = params.get("amount");
        if (amount == null) {
            return error(400, "invalid_request_error", "parameter_missing", "amount",
                    "Missing required param: amount (the sandbox does not know the charge's amount).");
        }
        Long minorUnits = positiveInteger(amount);
        if (minorUnits == null) {
            return error(400, "invalid_request_error", "parameter_invalid_integer", "amount",
                    "Invalid positive integer: " + amount);
        }
        String currency = params.get("currency");
        if (currency == null) {
            return error(400, "invalid_request_error", "parameter_missing", "currency",
                    "Missing required param: currency (the sandbox does not know the charge's currency).");
        }
        if (!knownCurrency(currency)) {
            return error(400, "invalid_request_error", "parameter_invalid_string", "currency",
                    "Invalid currency: " + currency + " (a three-letter ISO code in lower case).");
        }
        String reason = params.get("reason");
        if (reason != null && !REASONS.contains(reason)) {
            return error(400, "invalid_request_error", "parameter_invalid_string", "reason",
                    "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer");
        }
        return null;
    }

    private static Long positiveInteger(String text) {
        if (text == null || !text.matches("[0-9]{1,18}")) {
            return null;
        }
        long value = Long.parseLong(text);
        return value > 0 ? value : null;
    }

    private static boolean knownCurrency(String currency) {
        if (!currency.matches("[a-z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(currency.toUpperCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }

    private static Map<String, String> metadata(Map<String, String> params) {
        Map<String, String> metadata = new TreeMap<>();
        params.forEach((name, value) -> {
            Matcher key = METADATA.matcher(name);
            if (key.matches()) {
                metadata.put(key.group(1), value);
            }
        });
        return metadata;
    }

    /** Identifies a request by its parameters, in a canonical order: "the same parameters" means this. */
    static String fingerprint(Map<String, String> params) {
        StringBuilder canonical = new StringBuilder("POST /v1/refunds\n");
        new TreeMap<>(params).forEach((name, value) -> canonical.append(name).append('=').append(value).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", impossible);
        }
    }

    // --- answers -----------------------------------------------------------------------------------

    private boolean authorized(String authorization) {
        String expected = "Bearer " + properties.secretKey();
        return authorization != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                authorization.getBytes(StandardCharsets.UTF_8));
    }

    private SandboxAnswer unauthorized(String authorization) {
        return error(401, "invalid_request_error", null, null, authorization == null
                ? "You did not provide an API key. Provide your secret key in the Authorization header, "
                + "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
                : "Invalid API Key provided.");
    }

    private SandboxAnswer error(int status, String type, String code, String param, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        if (param != null) {
            error.put("param", param);
        }
        error.put("message", message);
        return new SandboxAnswer(status, write(Map.of("error", error)), false);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a sandbox answer", e);
        }
    }

    private static String randomId() {
        return RandomIds.next("", RandomIds.ALPHANUMERIC, ID_LENGTH);
    }
}
