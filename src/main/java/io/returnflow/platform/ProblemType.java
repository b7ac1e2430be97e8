package io.returnflow.platform;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * Every problem {@code type} the HTTP API answers (RFC 9457, API.md), with what it means and an example, for the
 * OpenAPI document. The code throws them by their name ({@link ApiProblem}); a test finds each name the code uses
 * here.
 */
public enum ProblemType {

    BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad request",
            "Refused by the web layer before ReturnFlow read the request, for a reason no other type names.",
            "The request is not one this server can answer.", Map.of()),
    VALIDATION("validation", HttpStatus.BAD_REQUEST, "Invalid request",
            "One or more fields are invalid; `errors` names each by its JSON path in the request.",
            "pickup.window.start: must be a bookable window in the coming days; ask GET /api/pickup-windows",
            Map.of("errors", List.of(Map.of("field", "pickup.window.start",
                    "message", "must be a bookable window in the coming days; ask GET /api/pickup-windows")))),
    MALFORMED("malformed", HttpStatus.BAD_REQUEST, "Malformed request",
            "The request body is not valid JSON (or names a member twice), or not the multipart/form-data its "
                    + "`Content-Type` announces (`errors` names `Content-Type`), or the request is not valid HTTP (a "
                    + "URL byte that is not percent-encoded printable ASCII, an invalid %-escape, an encoded slash, "
                    + "oversized headers, a `Transfer-Encoding` other than chunked).",
            "The request body is not valid JSON.", Map.of()),
    REJECTED_REQUEST("rejected-request", HttpStatus.BAD_REQUEST, "Request rejected",
            "The URL has a sequence the server never accepts (a double slash, a semicolon, an encoded slash, "
                    + "percent sign, period or backslash, or a control character), or a header or query parameter "
                    + "has a character it never accepts (a control character, or raw non-ASCII bytes in a header "
                    + "value); `errors` names the header or parameter, never repeating the refused bytes.",
            "The URL has a sequence this server does not accept.", Map.of()),
    INVALID_EVENT("invalid-event", HttpStatus.BAD_REQUEST, "Invalid event",
            "A correctly signed webhook body that is not a provider event.", "The body is not an event.", Map.of()),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Authentication required",
            "No or wrong HTTP Basic credentials, or an API key (`Authorization: Bearer`) that is malformed, "
                    + "unknown or revoked, or (on the counter's calls) the clerk's page's session cookie of a session "
                    + "that ended. A script's request (`X-Requested-With: XMLHttpRequest`) gets no "
                    + "`WWW-Authenticate` challenge.",
            "Send HTTP Basic credentials of a ReturnFlow user.", Map.of()),
    INVALID_SIGNATURE("invalid-signature", HttpStatus.UNAUTHORIZED, "Invalid signature",
            "The provider's signature is missing, wrong or too old: nothing was stored or changed.",
            "DataSign is missing or does not sign RequestData.", Map.of()),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden",
            "The user has none of the roles that may call this endpoint.",
            "Your user has no role that may do this.", Map.of()),
    NOT_YOUR_STORE("not-your-store", HttpStatus.FORBIDDEN, "Not your store",
            "The clerk is not bound to this store; operations bind clerks to stores.",
            "You are not a clerk of store S-SH-001; operations bind clerks to stores.", Map.of()),
    LOGIN_FAILED("login-failed", HttpStatus.UNAUTHORIZED, "Log-in failed",
            "The clerk's page's log-in (`POST /store/session/login`): unknown user or wrong password, or a user "
                    + "locked for a few seconds after wrong passwords; nothing says which.",
            "Unknown user or wrong password. After a wrong password the user is locked for a few seconds.",
            Map.of()),
    NOT_A_STORE_CLERK("not-a-store-clerk", HttpStatus.FORBIDDEN, "Not a store clerk",
            "The clerk's page's log-in: the password is right, but the user is neither a store clerk nor an "
                    + "admin; no session was started.",
            "This user is not a store clerk and cannot log in to the clerk's page.", Map.of()),
    CSRF_TOKEN("csrf-token", HttpStatus.FORBIDDEN, "Missing or wrong CSRF token",
            "A change made with the clerk's page's session cookie without the session's CSRF token in the header "
                    + "`errors` names (from `GET /store/session`), or with a wrong or outdated one; nothing was done.",
            "X-CSRF-TOKEN: missing; get the token from GET /store/session.",
            Map.of("errors", List.of(Map.of("field", "X-CSRF-TOKEN",
                    "message", "missing; get the token from GET /store/session")))),
    CROSS_SITE_LOGIN("cross-site-login", HttpStatus.FORBIDDEN, "Log-in not from the clerk's page",
            "A log-in on the clerk's page (`POST /store/session/login`) that the browser does not say comes from the "
                    + "page itself: `Sec-Fetch-Site` is not `same-origin`, or (without it) `Origin` is another site's "
                    + "or missing; `errors` names the header. Nobody was logged in.",
            "Sec-Fetch-Site: not same-origin; log in on the clerk's page",
            Map.of("errors", List.of(Map.of("field", "Sec-Fetch-Site",
                    "message", "not same-origin; log in on the clerk's page")))),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found",
            "No such return, store, code, shipment, statement or inbox entry.", "No return R-8F3K2Q", Map.of()),
    LINK_EXPIRED("link-expired", HttpStatus.GONE, "Return link expired",
            "The buyer's return link (`/returns/#<token>`) is genuine but its time is up; the merchant sends a new "
                    + "one.", "This return link expired at 2026-12-10T10:00:00+08:00; ask the shop for a new one.",
            Map.of("expiredAt", "2026-12-10T10:00:00+08:00")),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed",
            "The path exists but does not take this HTTP method; `Allow` lists those it takes.",
            "This path does not take this method.", Map.of()),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable",
            "The request's `Accept` header excludes every media type the endpoint answers with, or is not a list "
                    + "of media ranges (`errors` names `Accept`).",
            "The answer is JSON: accept application/json or application/problem+json.", Map.of()),
    REQUEST_TIMEOUT("request-timeout", HttpStatus.REQUEST_TIMEOUT, "Request timeout",
            "The request did not arrive in full in time.", "The request took too long to arrive.", Map.of()),
    OPEN_RETURN("open-return", HttpStatus.CONFLICT, "Conflict",
            "An order line of the request already has an open return; `detail` names it.",
            "Order line L1 of order SO-10001 already has an open return R-8F3K2Q.", Map.of()),
    ORDER_PAYMENT_DIFFERS("order-payment-differs", HttpStatus.CONFLICT, "Conflict",
            "The order's payment (`payment.provider`, `chargeId`, `currency`, `amountPaid`) was fixed by its first "
                    + "return; this request (a return, a quote or a return link of the same order) states another. "
                    + "`errors` names each field that differs and what the order's first return stated; nothing is "
                    + "recorded.",
            "Order SO-10001 was paid as its first return stated; this request states another payment "
                    + "(payment.amountPaid).",
            Map.of("errors", List.of(Map.of("field", "payment.amountPaid",
                    "message", "must be 100.00 CNY, as the first return of order SO-10001 stated")))),
    RESOLUTION_SETTLED("resolution-settled", HttpStatus.CONFLICT, "Conflict",
            "A line's resolution can no longer change: a part of the return is settled already (a refund in the "
                    + "ledger, even one only intended; store credit issued; an exchange order placed), or the return "
                    + "is closed.",
            "Return R-8F3K2Q has settled a part already (refund PENDING); its resolutions can no longer change.",
            Map.of()),
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", HttpStatus.CONFLICT, "Conflict",
            "A request with the same `Idempotency-Key` is still being processed; repeat it shortly.",
            "A request with this Idempotency-Key is still being processed; repeat it shortly.", Map.of()),
    CONCURRENT_CHANGE("concurrent-change", HttpStatus.CONFLICT, "Conflict",
            "The return changed while the request was handled (e.g. a courier's scan); repeat the request.",
            "The return changed while this request was handled; repeat the request.", Map.of()),
    RETURN_CLOSED("return-closed", HttpStatus.CONFLICT, "Conflict",
            "The return is already completed, rejected, cancelled or expired.",
            "Return R-8F3K2Q is already CANCELLED.", Map.of()),
    PARCEL_ON_ITS_WAY("parcel-on-its-way", HttpStatus.CONFLICT, "Conflict",
            "The parcel was collected or checked in: the return can no longer be cancelled.",
            "Return R-8F3K2Q is IN_TRANSIT: the parcel was collected or checked in and can no longer be cancelled.",
            Map.of()),
    BOOKING_IN_PROGRESS("booking-in-progress", HttpStatus.CONFLICT, "Conflict",
            "The courier is being booked at this moment; repeat the cancellation in a few seconds.",
            "The courier for return R-8F3K2Q is being booked right now; repeat the cancellation in a few seconds.",
            Map.of()),
    NOT_CANCELLABLE("not-cancellable", HttpStatus.CONFLICT, "Conflict",
            "The journey no longer takes a cancellation: the parcel is on its way.",
            "Return R-8F3K2Q can no longer be cancelled: the parcel is on its way.", Map.of()),
    NO_MISSED_PICKUP("no-missed-pickup", HttpStatus.CONFLICT, "Conflict",
            "The return waits for no new pickup window: only after the courier missed the pickup, and before "
                    + "customer service decided, may the buyer choose another window.",
            "Return R-8F3K2Q waits for no new pickup window.", Map.of()),
    LINK_USED_UP("link-used-up", HttpStatus.CONFLICT, "Conflict",
            "As many returns were started from this return link as it allows; the merchant sends a new link.",
            "5 returns were started from this link, as many as a link allows.", Map.of()),
    CODE_USED("code-used", HttpStatus.CONFLICT, "Code cannot be checked in",
            "The drop-off code was already checked in.", "This code was already used at 2026-11-27T10:15:00+08:00.",
            Map.of()),
    CODE_EXPIRED("code-expired", HttpStatus.CONFLICT, "Code cannot be checked in",
            "The drop-off code expired; the return expired with it.",
            "This code expired at 2026-11-30T23:59:59+08:00.", Map.of()),
    CODE_CANCELLED("code-cancelled", HttpStatus.CONFLICT, "Code cannot be checked in",
            "The return was cancelled, or switched to another store, and the code voided.",
            "This code was cancelled: the return was cancelled.", Map.of()),
    CODE_OTHER_STORE("code-other-store", HttpStatus.CONFLICT, "Code cannot be checked in",
            "The code was issued for another store; `detail` names it.",
            "This code was issued for store S-SZ-001, not for store S-SH-001.", Map.of()),
    STORE_EXISTS("store-exists", HttpStatus.CONFLICT, "Conflict",
            "A store with this id exists already, maybe inactive: change it with PUT.",
            "Store S-SH-002 exists already (maybe inactive): change it with PUT /api/stores/S-SH-002.", Map.of()),
    NOT_PARKED("not-parked", HttpStatus.CONFLICT, "Conflict",
            "Only a parked entry or subscription can be put back in line.", "carrier inbox entry 42 is PROCESSED",
            Map.of()),
    EXCHANGE_ANSWERED("exchange-answered", HttpStatus.CONFLICT, "Conflict",
            "The exchange order has an answer already and this one contradicts it: the first answer stands.",
            "Exchange order EX-R-8F3K2Q was answered CONFIRMED (SHOP-1001) already; a different answer is not taken.",
            Map.of()),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large",
            "The request body is larger than the endpoint takes (a carrier push: "
                    + "`returnflow.carrier.inbox.max-push-size`; an upload: the multipart limit); nothing was stored.",
            "A carrier push may have at most 1048576 bytes.", Map.of()),
    URI_TOO_LONG("uri-too-long", HttpStatus.URI_TOO_LONG, "URI too long",
            "The request's URL is longer than the server accepts.", "The request's URL is longer than allowed.",
            Map.of()),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
            "The body's `Content-Type` is not one the endpoint takes, is a wildcard (`application/*`) or is not "
                    + "a media type; `errors` names `Content-Type`.",
            "This path does not take a body of this Content-Type.", Map.of()),
    NOT_ELIGIBLE("not-eligible", HttpStatus.UNPROCESSABLE_ENTITY, "Not eligible for return",
            "The return policy refuses the return; `reasons` says why. The refusal is recorded as a `REJECTED` "
                    + "return (`returnId`, `return`) so that it can be looked up.",
            "The return policy refuses this return: L2: category food is not returnable",
            Map.of("reasons", List.of("L2: category food is not returnable"), "returnId", "R-8F3K2Q",
                    "return", Map.of("id", "R-8F3K2Q", "status", "REJECTED", "self", "/api/returns/R-8F3K2Q"))),
    RESOLUTION_NOT_ALLOWED("resolution-not-allowed", HttpStatus.UNPROCESSABLE_ENTITY, "Resolution not allowed",
            "A line asks a resolution the analysts' table `return-resolutions` does not allow it; `errors` names each "
                    + "such line's `resolution` with the ones it allows. Nothing was recorded.",
            "items[0].resolution: STORE_CREDIT is not allowed for this line (rule sellers-fault); allowed: REFUND, "
                    + "EXCHANGE",
            Map.of("errors", List.of(Map.of("field", "items[0].resolution", "message",
                    "STORE_CREDIT is not allowed for this line (rule sellers-fault); allowed: REFUND, EXCHANGE")))),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency-Key reused",
            "The `Idempotency-Key` was used before with a different body.",
            "This Idempotency-Key was used for a different request body.", Map.of()),
    NOT_A_CLERK("not-a-clerk", HttpStatus.UNPROCESSABLE_ENTITY, "Cannot be a store clerk",
            "The user does not exist or is not in group `store-clerk`; `errors` names `userId`.",
            "userId: is not in group store-clerk",
            Map.of("errors", List.of(Map.of("field", "userId", "message", "is not in group store-clerk")))),
    TOO_MANY_ATTEMPTS("too-many-attempts", HttpStatus.TOO_MANY_REQUESTS, "Too many failed attempts",
            "Too many wrong codes from this client, or at this store, in a short time. Wait `Retry-After` seconds "
                    + "(also in `retryAfter`).",
            "Too many wrong codes from you in a short time; try again in 42 s.", Map.of("retryAfter", 42)),
    TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
            "Too many requests with this return link in a short time. Wait `Retry-After` seconds (also in "
                    + "`retryAfter`).", "Too many requests with this return link; try again in 42 s.",
            Map.of("retryAfter", 42)),
    REQUEST_HEADER_FIELDS_TOO_LARGE("request-header-fields-too-large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
            "Request header fields too large", "The request's headers are larger than the server accepts.",
            "The request's headers are larger than allowed.", Map.of()),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
            "A bug, never bad input: quote `reference` to support.",
            "Something went wrong on our side; quote reference 3f1c2a9e-5b7d-4e2f-9a61-0c8d7e6b5a43 to support.",
            Map.of("reference", "3f1c2a9e-5b7d-4e2f-9a61-0c8d7e6b5a43")),
    UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
            "The server cannot take the request now: it is carrying as much work as it can (admission control), "
                    + "or is starting or stopping. Nothing of the request was recorded: repeat it, with the same "
                    + "`Idempotency-Key` where it has one, after `Retry-After` seconds when given (also in "
                    + "`retryAfter`).",
            "ReturnFlow is carrying more journeys than it can take on now; nothing was recorded. Repeat the request "
                    + "(with the same Idempotency-Key) in 3 s.", Map.of("retryAfter", 3)),
    OTHER_HTTP_ERROR("http-error", HttpStatus.BAD_REQUEST, "Request not answered",
            "Any other status the web server answers before ReturnFlow reads the request; `status` says which.",
            "The request cannot be answered as sent.", Map.of());

    private final String name;
    private final HttpStatus status;
    private final String title;
    private final String meaning;
    private final String exampleDetail;
    private final Map<String, Object> exampleExtras;

    ProblemType(String name, HttpStatus status, String title, String meaning, String exampleDetail,
                Map<String, Object> exampleExtras) {
        this.name = name;
        this.status = status;
        this.title = title;
        this.meaning = meaning;
        this.exampleDetail = exampleDetail;
        this.exampleExtras = exampleExtras;
    }

    /** The name after {@link ApiProblem#TYPE_BASE} ({@code open-return}); the same for every problem. */
    public String typeName() {
        return name;
    }

    public URI uri() {
        return URI.create(ApiProblem.TYPE_BASE + name);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** When it is answered, in a sentence or two. */
    public String meaning() {
        return meaning;
    }

    public String exampleDetail() {
        return exampleDetail;
    }

    /** The example's members besides type, title, status and detail. */
    public Map<String, Object> exampleExtras() {
        return exampleExtras;
    }

    /** The detail of a problem of this type when nothing more specific is known about the request. */
    public String genericDetail() {
        return switch (this) {
            case VALIDATION -> "One or more fields are invalid.";
            case NOT_FOUND -> "Nothing is here: check the path.";
            case PAYLOAD_TOO_LARGE -> "The request body is larger than allowed.";
            case INTERNAL -> "Something went wrong on our side.";
            case UNAVAILABLE -> "Try again shortly.";
            default -> exampleDetail;
        };
    }

    /** What the web server, the firewall and Spring MVC may answer on any path before an operation reads it. */
    public static List<ProblemType> webServerTypes() {
        return List.of(BAD_REQUEST, MALFORMED, REJECTED_REQUEST, NOT_FOUND, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE,
                REQUEST_TIMEOUT, PAYLOAD_TOO_LARGE, URI_TOO_LONG, UNSUPPORTED_MEDIA_TYPE,
                REQUEST_HEADER_FIELDS_TOO_LARGE, UNAVAILABLE, OTHER_HTTP_ERROR);
    }

    /**
     * The type of a problem decided outside ReturnFlow's own handlers (the web server, Spring MVC's defaults, the
     * error path), by its status alone.
     */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> REQUEST_TIMEOUT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 431 -> REQUEST_HEADER_FIELDS_TOO_LARGE;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : OTHER_HTTP_ERROR;
        };
    }
}
