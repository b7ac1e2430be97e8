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

    BLANK(null, HttpStatus.BAD_REQUEST, "Bad Request",
            "Refused by the web layer before ReturnFlow read the request: a required query parameter is missing, "
                    + "or the body's media type is not one the endpoint takes. `type` is `about:blank`.",
            "Required parameter 'date' is not present.", Map.of()),
    VALIDATION("validation", HttpStatus.BAD_REQUEST, "Invalid request",
            "One or more fields are invalid; `errors` names each by its JSON path in the request.",
            "pickup.window.start: must be a bookable window in the coming days; ask GET /api/pickup-windows",
            Map.of("errors", List.of(Map.of("field", "pickup.window.start",
                    "message", "must be a bookable window in the coming days; ask GET /api/pickup-windows")))),
    MALFORMED("malformed", HttpStatus.BAD_REQUEST, "Malformed request",
            "The request body is not valid JSON.", "The request body is not valid JSON.", Map.of()),
    INVALID_EVENT("invalid-event", HttpStatus.BAD_REQUEST, "Invalid event",
            "A correctly signed webhook body that is not a provider event.", "The body is not an event.", Map.of()),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Authentication required",
            "No or wrong HTTP Basic credentials. A script's request (`X-Requested-With: XMLHttpRequest`) gets no "
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
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found",
            "No such return, store, code, shipment, statement or inbox entry.", "No return R-8F3K2Q", Map.of()),
    OPEN_RETURN("open-return", HttpStatus.CONFLICT, "Conflict",
            "An order line of the request already has an open return; `detail` names it.",
            "Order line L1 of order SO-10001 already has an open return R-8F3K2Q.", Map.of()),
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
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large",
            "The carrier's push is larger than `returnflow.carrier.inbox.max-push-size`; nothing was stored.",
            "A carrier push may have at most 1048576 bytes.", Map.of()),
    NOT_ELIGIBLE("not-eligible", HttpStatus.UNPROCESSABLE_ENTITY, "Not eligible for return",
            "The return policy refuses the return; `reasons` says why. The refusal is recorded as a `REJECTED` "
                    + "return (`returnId`, `return`) so that it can be looked up.",
            "The return policy refuses this return: L2: category food is not returnable",
            Map.of("reasons", List.of("L2: category food is not returnable"), "returnId", "R-8F3K2Q",
                    "return", Map.of("id", "R-8F3K2Q", "status", "REJECTED", "self", "/api/returns/R-8F3K2Q"))),
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
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
            "A bug, never bad input: quote `reference` to support.",
            "Something went wrong on our side; quote reference 3f1c2a9e-5b7d-4e2f-9a61-0c8d7e6b5a43 to support.",
            Map.of("reference", "3f1c2a9e-5b7d-4e2f-9a61-0c8d7e6b5a43"));

    private static final String BLANK_TYPE = "about:blank";

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

    /** The name after {@link ApiProblem#TYPE_BASE} ({@code open-return}); {@code about:blank} for the web layer's. */
    public String typeName() {
        return name == null ? BLANK_TYPE : name;
    }

    public URI uri() {
        return URI.create(name == null ? BLANK_TYPE : ApiProblem.TYPE_BASE + name);
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
}
