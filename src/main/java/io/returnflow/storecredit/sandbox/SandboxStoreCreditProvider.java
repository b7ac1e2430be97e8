package io.returnflow.storecredit.sandbox;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.returnflow.platform.RandomIds;
import io.returnflow.storecredit.StoreCreditProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A merchant's store-credit system simulated inside the application: the protocol of README "Store credit",
 * implemented for real (its own tables, its own idempotency), so that the product's adapter is exercised over HTTP
 * as against a real system.
 *
 * <p>Idempotency: a request is processed in one transaction that first writes its key's row, then the credit, then
 * the answer into the key's row; a concurrent request with the key waits for that row, then finds the stored answer
 * (or, when the database would not wait, is answered 409 {@code idempotency_key_in_use}). The same key with the same
 * body replays the first answer (status and body, header {@code Idempotent-Replayed}); with another body it is 422
 * {@code idempotency_key_reused}. Invalid requests and the failures on purpose below are not stored.
 *
 * <p>Scenarios by customer id, like a provider's test cards: {@value #CLOSED_CUSTOMER} is refused
 * ({@code account_closed}, stored like any answer); {@value #FLAKY_CUSTOMER} fails with 503 for the first
 * {@code returnflow.store-credit.sandbox.flaky-failures} tries of a key, then is credited; {@value #LOST_CUSTOMER}
 * is credited, and the request that made the credit is answered 500 as if the answer was lost (a retry with the key
 * gets the stored answer, and the lookup by reference finds the credit); {@value #UNKNOWN_CODE_CUSTOMER} is answered
 * 422 with {@value #UNKNOWN_CODE}, a code the protocol does not list. Any other customer id is credited, its account
 * opened at its first credit in that credit's currency (a credit in another currency: {@code currency_not_supported}).
 */
@Component
@ConditionalOnProperty(prefix = "returnflow.store-credit.sandbox", name = "enabled", havingValue = "true")
class SandboxStoreCreditProvider {

    static final String CLOSED_CUSTOMER = "cus_closed";
    static final String FLAKY_CUSTOMER = "cus_flaky";
    static final String LOST_CUSTOMER = "cus_answer_lost";
    static final String UNKNOWN_CODE_CUSTOMER = "cus_unknown_code";
    static final String UNKNOWN_CODE = "account_under_review";

    private static final Logger log = LoggerFactory.getLogger(SandboxStoreCreditProvider.class);
    private static final int MAX_KEY_LENGTH = 255;
    private static final int MAX_ID_LENGTH = 64;
    private static final int ID_LENGTH = 20;
    private static final int CREATED = 201;
    /** The sandbox's money columns are {@code numeric(19, 2)}: 17 digits before the point, 2 after. */
    private static final int MONEY_SCALE = 2;
    private static final BigDecimal MONEY_LIMIT = new BigDecimal("99999999999999999.99");
    /** A decimal string as the protocol writes money: digits, optionally a point and digits; no sign, no exponent. */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final ObjectMapper json;
    private final StoreCreditProperties properties;
    private final Clock clock;

    SandboxStoreCreditProvider(JdbcClient jdbc, PlatformTransactionManager transactions, ObjectMapper json,
                               StoreCreditProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** What the sandbox answers: status, JSON body, and whether it replays a stored answer. */
    record Answer(int status, String body, boolean replayed) {

        boolean problem() {
            return status >= 400;
        }
    }

    /** {@code POST /v1/credits}. */
    Answer createCredit(String authorization, String idempotencyKey, String body) {
        if (!authorized(authorization)) {
            return unauthorized();
        }
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH) {
            return problem(400, "invalid_request", "Every credit needs an Idempotency-Key header of 1 to "
                    + MAX_KEY_LENGTH + " characters.");
        }
        Map<String, Object> request;
        try {
            request = json.readValue(body == null ? "" : body, new TypeReference<>() { });
        } catch (JsonProcessingException | IllegalArgumentException notJson) {
            return problem(400, "invalid_request", "The body is not a JSON object.");
        }
        Validated credit = validate(request == null ? Map.of() : request);
        if (credit.problem() != null) {
            return credit.problem();
        }
        String fingerprint = fingerprint(new TreeMap<>(request));
        Optional<Answer> stored = stored(idempotencyKey, fingerprint);
        if (stored.isPresent()) {
            return stored.get();
        }
        if (FLAKY_CUSTOMER.equals(credit.customerId()) && failOnPurpose(idempotencyKey)) {
            log.info("Sandbox store credit failed credit {} for {} with 503", idempotencyKey, credit.reference());
            return problem(503, "unavailable", "The sandbox failed before processing the request; retry with the "
                    + "same key.");
        }
        if (UNKNOWN_CODE_CUSTOMER.equals(credit.customerId())) {
            return problem(422, UNKNOWN_CODE, "The account is under review (a code the protocol does not list).");
        }
        Answer answer;
        try {
            answer = transaction.execute(status -> process(idempotencyKey, fingerprint, credit));
        } catch (DuplicateKeyException sameKeyMeanwhile) {
            return stored(idempotencyKey, fingerprint).orElseGet(SandboxStoreCreditProvider::inUse);
        } catch (PessimisticLockingFailureException busy) {
            // the database would not wait for the request holding the key (H2's lock timeout)
            return inUse();
        } catch (DataAccessException failed) {
            // not a conflict of keys: "in use" would have the client retry the same request for ever
            log.error("Sandbox store credit failed to process credit {} for {}", idempotencyKey, credit.reference(),
                    failed);
            return problem(500, "internal_error", "The sandbox could not process the credit; nothing was credited.");
        }
        if (LOST_CUSTOMER.equals(credit.customerId()) && answer.status() == CREATED) {
            log.info("Sandbox store credit made credit {} for {} and answers 500 as if the answer was lost",
                    idempotencyKey, credit.reference());
            return problem(500, "internal_error", "The answer was lost (the credit was made).");
        }
        return answer;
    }

    /** {@code GET /v1/credits?reference=}: the credits made for the reference. */
    Answer findCredits(String authorization, String reference) {
        if (!authorized(authorization)) {
            return unauthorized();
        }
        if (reference == null || reference.isBlank()) {
            return problem(400, "invalid_request", "Send the reference to look credits up by.");
        }
        List<Map<String, Object>> credits = jdbc.sql("""
                        select * from sandbox_store_credit_entries where reference = :reference order by created_at, id
                        """)
                .param("reference", reference)
                .query(SandboxStoreCreditProvider::creditObject)
                .list();
        return new Answer(200, write(Map.of("data", credits)), false);
    }

    /** {@code GET /sandbox/store-credit/accounts/{customerId}}: balance and entries, value and bonus apart. */
    Answer account(String customerId) {
        Optional<Map<String, Object>> account = jdbc.sql("select * from sandbox_store_credit_accounts "
                        + "where customer_id = :customerId")
                .param("customerId", customerId)
                .query((rs, row) -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("customerId", rs.getString("customer_id"));
                    view.put("currency", rs.getString("currency"));
                    BigDecimal value = rs.getBigDecimal("value_balance");
                    BigDecimal bonus = rs.getBigDecimal("bonus_balance");
                    view.put("balance", value.add(bonus).toPlainString());
                    view.put("valueBalance", value.toPlainString());
                    view.put("bonusBalance", bonus.toPlainString());
                    return view;
                })
                .optional();
        if (account.isEmpty()) {
            return problem(404, "customer_not_found", "The sandbox holds no account for " + customerId + ".");
        }
        account.get().put("entries", jdbc.sql("""
                        select * from sandbox_store_credit_entries where customer_id = :customerId
                        order by created_at, id
                        """)
                .param("customerId", customerId)
                .query(SandboxStoreCreditProvider::creditObject)
                .list());
        return new Answer(200, write(account.get()), false);
    }

    private record Validated(String customerId, String orderId, String reference, String currency, BigDecimal amount,
                             BigDecimal bonus, Answer problem) {

        static Validated invalid(Answer problem) {
            return new Validated(null, null, null, null, null, null, problem);
        }
    }

    private Validated validate(Map<String, Object> request) {
        String customerId = text(request, "customerId");
        String orderId = text(request, "orderId");
        String reference = text(request, "reference");
        String currency = text(request, "currency");
        for (Map.Entry<String, String> required : new TreeMap<>(Map.of("customerId", nullToEmpty(customerId),
                "orderId", nullToEmpty(orderId), "reference", nullToEmpty(reference),
                "currency", nullToEmpty(currency))).entrySet()) {
            if (required.getValue().isBlank() || required.getValue().length() > MAX_ID_LENGTH) {
                return Validated.invalid(problem(400, "invalid_request", required.getKey() + " is required (1 to "
                        + MAX_ID_LENGTH + " characters)."));
            }
        }
        Currency iso;
        try {
            iso = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return Validated.invalid(problem(422, "currency_not_supported", "Unknown currency " + currency + "."));
        }
        BigDecimal amount = money(request.get("amount"));
        BigDecimal bonus = request.get("bonus") == null ? BigDecimal.ZERO : money(request.get("bonus"));
        // refused up front, before anything is stored: what the account's columns cannot hold is no credit
        int digits = Math.min(Math.max(iso.getDefaultFractionDigits(), 0), MONEY_SCALE);
        if (amount == null || bonus == null || amount.signum() <= 0
                || amount.stripTrailingZeros().scale() > digits || bonus.stripTrailingZeros().scale() > digits
                || amount.compareTo(MONEY_LIMIT) > 0 || bonus.compareTo(MONEY_LIMIT) > 0) {
            return Validated.invalid(problem(422, "invalid_amount", "amount must be a positive decimal string and "
                    + "bonus a decimal string of at least 0 (digits and a point, no sign or exponent), in "
                    + iso.getCurrencyCode() + "'s minor units, at most " + MONEY_LIMIT.toPlainString() + "."));
        }
        // the closed account is refused in processing, so that its refusal is stored and replayed like any answer
        return new Validated(customerId, orderId, reference, iso.getCurrencyCode(), amount, bonus, null);
    }

    /** The stored answer to the key, replayed; 422 when the key came with another body. */
    private Optional<Answer> stored(String key, String fingerprint) {
        return jdbc.sql("select * from sandbox_store_credit_requests where idem_key = :key")
                .param("key", key)
                .query((rs, row) -> fingerprint.equals(rs.getString("request_fingerprint"))
                        ? new Answer(rs.getInt("response_status"), rs.getString("response_body"), true)
                        : problem(422, "idempotency_key_reused", "The key " + key + " was first used with another "
                        + "body; use a new key for a new credit."))
                .optional();
    }

    /** Counts a failure on purpose of the key, while it has fewer than configured. */
    private boolean failOnPurpose(String key) {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            int failed = jdbc.sql("select failures from sandbox_store_credit_failures where idem_key = :key")
                    .param("key", key).query(Integer.class).optional().orElse(0);
            if (failed >= properties.sandbox().flakyFailures()) {
                return false;
            }
            if (failed == 0) {
                jdbc.sql("insert into sandbox_store_credit_failures (idem_key, failures) values (:key, 1)")
                        .param("key", key).update();
            } else {
                jdbc.sql("update sandbox_store_credit_failures set failures = failures + 1 where idem_key = :key")
                        .param("key", key).update();
            }
            return true;
        }));
    }

    private Answer process(String key, String fingerprint, Validated credit) {
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        // the key's row first: a concurrent request with the key waits on it until this one commits
        jdbc.sql("""
                insert into sandbox_store_credit_requests (idem_key, request_fingerprint, response_status,
                  response_body, created_at)
                values (:key, :fingerprint, 0, '', :now)
                """)
                .param("key", key).param("fingerprint", fingerprint).param("now", now).update();
        Answer answer = CLOSED_CUSTOMER.equals(credit.customerId())
                ? problem(422, "account_closed", "The customer's store-credit account is closed.")
                : credit(credit, now);
        jdbc.sql("update sandbox_store_credit_requests set response_status = :status, response_body = :body "
                        + "where idem_key = :key")
                .param("status", answer.status()).param("body", answer.body()).param("key", key).update();
        return answer;
    }

    private Answer credit(Validated credit, OffsetDateTime now) {
        Optional<String> accountCurrency = jdbc.sql("select currency from sandbox_store_credit_accounts "
                        + "where customer_id = :customerId")
                .param("customerId", credit.customerId()).query(String.class).optional();
        if (accountCurrency.isPresent() && !accountCurrency.get().equals(credit.currency())) {
            return problem(422, "currency_not_supported", "The account of " + credit.customerId() + " is in "
                    + accountCurrency.get() + ", not " + credit.currency() + ".");
        }
        if (accountCurrency.isPresent() && !fitsTheBalance(credit)) {
            return problem(422, "invalid_amount", "The account of " + credit.customerId() + " cannot hold more than "
                    + MONEY_LIMIT.toPlainString() + " " + credit.currency() + " of value or of bonus.");
        }
        if (accountCurrency.isEmpty()) {
            jdbc.sql("""
                    insert into sandbox_store_credit_accounts (customer_id, currency, value_balance, bonus_balance,
                      created_at)
                    values (:customerId, :currency, 0, 0, :now)
                    """)
                    .param("customerId", credit.customerId()).param("currency", credit.currency())
                    .param("now", now).update();
        }
        jdbc.sql("""
                update sandbox_store_credit_accounts set value_balance = value_balance + :amount,
                  bonus_balance = bonus_balance + :bonus
                where customer_id = :customerId
                """)
                .param("amount", credit.amount()).param("bonus", credit.bonus())
                .param("customerId", credit.customerId()).update();
        String id = RandomIds.next("sc_", RandomIds.ALPHANUMERIC, ID_LENGTH);
        jdbc.sql("""
                insert into sandbox_store_credit_entries (id, customer_id, order_id, reference, currency, amount,
                  bonus, created_at)
                values (:id, :customerId, :orderId, :reference, :currency, :amount, :bonus, :now)
                """)
                .param("id", id).param("customerId", credit.customerId()).param("orderId", credit.orderId())
                .param("reference", credit.reference()).param("currency", credit.currency())
                .param("amount", credit.amount()).param("bonus", credit.bonus()).param("now", now).update();
        log.info("Sandbox store credit credited {} + bonus {} {} to {} for {} as {}", credit.amount().toPlainString(),
                credit.bonus().toPlainString(), credit.currency(), credit.customerId(), credit.reference(), id);
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", id);
        object.put("status", "issued");
        object.put("amount", credit.amount().toPlainString());
        object.put("bonus", credit.bonus().toPlainString());
        object.put("currency", credit.currency());
        object.put("reference", credit.reference());
        object.put("customerId", credit.customerId());
        object.put("createdAt", now.withOffsetSameInstant(ZoneOffset.UTC).toString());
        return new Answer(CREATED, write(object), false);
    }

    /** Whether the account's balances, value and bonus apart, stay within their columns after the credit. */
    private boolean fitsTheBalance(Validated credit) {
        // locked: a concurrent credit to the account (another key) waits, and then sees this one in the balance
        return jdbc.sql("select value_balance, bonus_balance from sandbox_store_credit_accounts "
                        + "where customer_id = :customerId for update")
                .param("customerId", credit.customerId())
                .query((rs, row) -> rs.getBigDecimal("value_balance").add(credit.amount()).compareTo(MONEY_LIMIT) <= 0
                        && rs.getBigDecimal("bonus_balance").add(credit.bonus()).compareTo(MONEY_LIMIT) <= 0)
                .single();
    }

    private static Map<String, Object> creditObject(ResultSet rs, int row) throws SQLException {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("id", rs.getString("id"));
        object.put("status", "issued");
        object.put("amount", rs.getBigDecimal("amount").toPlainString());
        object.put("bonus", rs.getBigDecimal("bonus").toPlainString());
        object.put("currency", rs.getString("currency"));
        object.put("reference", rs.getString("reference"));
        object.put("customerId", rs.getString("customer_id"));
        object.put("createdAt", rs.getObject("created_at", OffsetDateTime.class)
                .withOffsetSameInstant(ZoneOffset.UTC).toString());
        return object;
    }

    private boolean authorized(String authorization) {
        return ("Bearer " + properties.apiKey()).equals(authorization);
    }

    private Answer unauthorized() {
        return problem(401, "unauthorized", "Send Authorization: Bearer <the API key>.");
    }

    private static Answer inUse() {
        return new Answer(409, problemBody(409, "idempotency_key_in_use", "Another request with this key is being "
                + "processed; retry later."), false);
    }

    private Answer problem(int status, String code, String detail) {
        return new Answer(status, problemBody(status, code, detail), false);
    }

    private static String problemBody(int status, String code, String detail) {
        // written by hand so that the static in-use answer needs no mapper; the detail may carry what the request
        // sent (a customer id), so it is quoted as JSON strings are, control characters included
        return "{\"type\":\"about:blank\",\"title\":\"" + code + "\",\"status\":" + status + ",\"code\":\"" + code
                + "\",\"detail\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(detail)) + "\"}";
    }

    private static String text(Map<String, Object> request, String field) {
        Object value = request.get(field);
        return value instanceof String text ? text : null;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /**
     * Money is a decimal string ({@code "99.00"}); a JSON number, a sign, an exponent ({@code "1e30"}) or spaces are
     * refused, as the protocol says.
     */
    private static BigDecimal money(Object value) {
        if (!(value instanceof String text) || !DECIMAL.matcher(text).matches()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException notDecimal) {
            return null;
        }
    }

    private String fingerprint(Map<String, Object> request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(write(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
