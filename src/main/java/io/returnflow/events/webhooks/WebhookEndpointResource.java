package io.returnflow.events.webhooks;

import static io.returnflow.platform.ApiDocumentation.TAG_EVENTS;
import static io.returnflow.platform.ProblemType.MALFORMED;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.MERCHANT_API;
import static io.returnflow.platform.Roles.OPS;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.events.EventLog;
import io.returnflow.events.MerchantEvent;
import io.returnflow.events.MerchantEventTypes;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;
import io.returnflow.platform.QueryParams;
import io.returnflow.platform.RandomIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The merchant's webhook endpoints: register one (its signing secret is in that answer only), list, read, change,
 * enable again, delete, rotate the secret, read the delivery log, deliver events again.
 */
@RestController
@RequestMapping("/api/webhook-endpoints")
@Tag(name = TAG_EVENTS)
class WebhookEndpointResource {

    private static final String ENDPOINT_ID = "The endpoint's id.";
    private static final String EXAMPLE_ID = "we_7Kc2Qm9Xv4Tb8Lp3Rz6Yn1Hd";
    private static final int MAX_DESCRIPTION = 500;
    private static final String REPLAY_PREFIX = "rpl_";
    private static final int REPLAY_ID_LENGTH = 20;
    /** Sanity bounds on a replay's range (PostgreSQL refuses timestamps far off; no event is that old or new). */
    private static final OffsetDateTime EARLIEST_EVENT = OffsetDateTime.parse("2000-01-01T00:00:00Z");
    private static final Duration LATEST_AHEAD = Duration.ofDays(1);

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookUrlPolicy urls;
    private final EventLog events;
    private final WebhookProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    WebhookEndpointResource(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookUrlPolicy urls,
                            EventLog events, WebhookProperties properties, PlatformTransactionManager transactions,
                            Clock clock) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.urls = urls;
        this.events = events;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    @PostMapping
    @Operation(operationId = "createWebhookEndpoint", summary = "Register a webhook endpoint", description = """
            From now on each event of the wanted types is posted to `url`, signed: header `ReturnFlow-Signature: \
            t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, plus `ReturnFlow-Event-Id` and \
            `ReturnFlow-Event-Type`. A 2xx answer delivers it; a 410 disables the endpoint; anything else is tried \
            again with a growing, jittered wait for days, then the endpoint is disabled. The events of one return \
            arrive in order; an event may arrive twice (keep its id). The answer is the only time the secret is \
            shown.""")
    @ApiResponse(responseCode = "201", description = "The endpoint, with its secret.",
            headers = @Header(name = "Location", ref = "#/components/headers/Location"),
            content = @Content(schema = @Schema(implementation = WebhookEndpointCreated.class)))
    @ProblemResponses({MALFORMED, VALIDATION})
    @ApiRoles({MERCHANT_API, OPS, ADMIN})
    public ResponseEntity<WebhookEndpointCreated> create(@RequestBody WebhookRequests.Create body) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        String url = checkUrl(body.url(), errors);
        List<String> types = checkTypes(body.eventTypes(), true, errors);
        String description = checkDescription(body.description(), errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        WebhookEndpoints.Created created = transactions.execute(s -> endpoints.create(url, types, description, now));
        return ResponseEntity.created(URI.create("/api/webhook-endpoints/" + created.endpoint().id()))
                .body(new WebhookEndpointCreated(created.endpoint(), created.secret()));
    }

    @GetMapping
    @Operation(operationId = "listWebhookEndpoints", summary = "List the webhook endpoints",
            description = "Every endpoint, oldest first, disabled ones included; never a secret.")
    @ApiResponse(responseCode = "200", description = "The endpoints.", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = WebhookEndpoint.class))))
    @ProblemResponses({})
    @ApiRoles({MERCHANT_API, OPS, ADMIN})
    public List<WebhookEndpoint> list() {
        return endpoints.all(OffsetDateTime.now(clock));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getWebhookEndpoint", summary = "Read a webhook endpoint",
            description = "One endpoint: what it wants, whether it is enabled (and if not, why), which secrets sign.")
    @ApiResponse(responseCode = "200", description = "The endpoint.", content = @Content(
            schema = @Schema(implementation = WebhookEndpoint.class)))
    @ProblemResponses(NOT_FOUND)
    @ApiRoles({MERCHANT_API, OPS, ADMIN})
    public WebhookEndpoint get(@Parameter(description = ENDPOINT_ID, example = EXAMPLE_ID) @PathVariable String id) {
        return found(id);
    }

    @PatchMapping("/{id}")
    @Operation(operationId = "updateWebhookEndpoint", summary = "Change or re-enable a webhook endpoint",
            description = """
                    Changes the members given. `enabled: true` enables a disabled endpoint: the deliveries that \
                    waited are sent at once, in order, with a fresh allowance of failures. `enabled: false` \
                    disables it: its deliveries wait.""")
    @ApiResponse(responseCode = "200", description = "The endpoint as it is now.", content = @Content(
            schema = @Schema(implementation = WebhookEndpoint.class)))
    @ProblemResponses({MALFORMED, VALIDATION, NOT_FOUND})
    @ApiRoles({MERCHANT_API, OPS, ADMIN})
    public WebhookEndpoint update(@Parameter(description = ENDPOINT_ID, example = EXAMPLE_ID) @PathVariable String id,
                                  @RequestBody WebhookRequests.Update body,
                                  @Parameter(hidden = true) Principal who) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        String url = body.url() == null ? null : checkUrl(body.url(), errors);
        List<String> types = body.eventTypes() == null ? null : checkTypes(body.eventTypes(), true, errors);
        String description = checkDescription(body.description(), errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        found(id);
        OffsetDateTime now = OffsetDateTime.now(clock);
        transactions.executeWithoutResult(s -> {
            endpoints.update(id, url, types, description, now);
            if (Boolean.TRUE.equals(body.enabled())) {
                endpoints.enable(id, now);
            } else if (Boolean.FALSE.equals(body.enabled())) {
                endpoints.disable(id, "disabled by " + (who == null ? "a user" : who.getName()), now);
            }
        });
        return found(id);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint",
            description = "Nothing more is sent to it; its waiting deliveries and its delivery log go with it.")
    @ApiResponse(responseCode = "204", description = "Deleted.")
    @ProblemResponses(NOT_FOUND)
    @ApiRoles({MERCHANT_API, OPS, ADMIN})
    public ResponseEntity<Void> delete(@Parameter(description = ENDPOINT_ID, example = EXAMPLE_ID)
                                       @PathVariable String id) {
        if (!endpoints.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/secret-rotations")
    @Operation(operationId = "rotateWebhookSecret", summary = "Rotate an endpoint's signing secret",
            description = """
                    Makes a new secret, shown in this answer only. The secrets that signed until now keep signing \
                    for `keepOldFor` (default 24 hours, at most 7 days): meanwhile each delivery carries a `v1=` per \
                    secret, so the receiver can switch to the new one without missing a delivery.""")
    @ApiResponse(responseCode = "201", description = "The new secret.", content = @Content(
            schema = @Schema(implementation = SecretRotated.class)))
    @ProblemResponses({MALFORMED, VALIDATION, NOT_FOUND})
    @ApiRoles({MERCHANT_API, OPS, ADMIN})
    public ResponseEntity<SecretRotated> rotate(@Parameter(description = ENDPOINT_ID, example = EXAMPLE_ID)
                                                @PathVariable String id,
                                                @RequestBody(required = false) WebhookRequests.Rotation body) {
        Duration keep = properties.defaultKeepOldSecret();
        if (body != null && body.keepOldFor() != null) {
            try {
                keep = Duration.parse(body.keepOldFor());
            } catch (DateTimeParseException e) {
                throw ApiProblem.invalid("keepOldFor", "an ISO-8601 duration such as PT24H");
            }
            if (keep.isNegative() || keep.compareTo(properties.maxKeepOldSecret()) > 0) {
                throw ApiProblem.invalid("keepOldFor", "from PT0S to " + properties.maxKeepOldSecret());
            }
        }
        found(id);
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime oldExpireAt = now.plus(keep);
        String secret = transactions.execute(s -> endpoints.rotate(id, oldExpireAt, now));
        return ResponseEntity.status(201).body(new SecretRotated(id, secret, oldExpireAt));
    }

    @GetMapping("/{id}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "Read an endpoint's delivery log",
            description = """
                    The endpoint's deliveries, oldest first, each with every attempt (when, the HTTP status or the \
                    error, how long it took, the start of the answer) and, while pending, when it is tried next. \
                    Page with `after=` the last page's `next`.""")
    @ApiResponse(responseCode = "200", description = "A page of deliveries.", content = @Content(
            schema = @Schema(implementation = DeliveryPage.class)))
    @ProblemResponses({VALIDATION, NOT_FOUND})
    @ApiRoles({MERCHANT_API, OPS, ADMIN})
    public DeliveryPage deliveries(@Parameter(description = ENDPOINT_ID, example = EXAMPLE_ID)
                                   @PathVariable String id,
                                   @Parameter(description = "Only deliveries in this status: `PENDING` or "
                                           + "`DELIVERED`.", example = "PENDING")
                                   @RequestParam(required = false) String status,
                                   @Parameter(description = "At most this many.", example = "100")
                                   @RequestParam(defaultValue = "100") int limit,
                                   @Parameter(description = "Only deliveries after this one (the last page's "
                                           + "`next`); 0 from the first.", example = "0")
                                   @RequestParam(defaultValue = "0") long after) {
        String wanted = null;
        if (status != null) {
            wanted = status.trim().toUpperCase(Locale.ROOT);
            if (!wanted.equals(WebhookDeliveries.PENDING) && !wanted.equals(WebhookDeliveries.DELIVERED)) {
                throw ApiProblem.invalid("status", "PENDING or DELIVERED");
            }
        }
        int max = QueryParams.limit(limit, properties.pageLimit());
        if (after < 0) {
            throw ApiProblem.invalid("after", "0 or a delivery's id");
        }
        found(id);
        List<WebhookDeliveries.Logged> page = deliveries.log(id, wanted, after, max);
        return new DeliveryPage(page, page.isEmpty() ? after : page.get(page.size() - 1).id(), page.size() == max);
    }

    @PostMapping("/{id}/replays")
    @Operation(operationId = "replayWebhookEvents", summary = "Deliver events again", description = """
            New deliveries of one event (`eventId`), or of every event of a time range the endpoint wants (`from`, \
            `to`; at most `returnflow.webhooks.max-replay` events), signed anew and sent in order, after any \
            earlier delivery of their return still waiting. The receiver gets events it may have had: it keeps \
            the event id as its key.""")
    @ApiResponse(responseCode = "201", description = "How many deliveries were made.", content = @Content(
            schema = @Schema(implementation = ReplayAnswer.class)))
    @ProblemResponses({MALFORMED, VALIDATION, NOT_FOUND})
    @ApiRoles({MERCHANT_API, OPS, ADMIN})
    public ResponseEntity<ReplayAnswer> replay(@Parameter(description = ENDPOINT_ID, example = EXAMPLE_ID)
                                               @PathVariable String id, @RequestBody WebhookRequests.Replay body) {
        WebhookEndpoint endpoint = found(id);
        List<MerchantEvent> chosen;
        if (body.eventId() != null) {
            if (body.from() != null || body.to() != null) {
                throw ApiProblem.invalid("eventId", "either eventId, or from and to");
            }
            MerchantEvent event = events.find(body.eventId());
            if (event == null) {
                throw ApiProblem.notFound("No event " + body.eventId());
            }
            if (!endpoint.wants(event.type())) {
                throw ApiProblem.invalid("eventId", "of type " + event.type() + ", which the endpoint does not want");
            }
            chosen = List.of(event);
        } else {
            if (body.from() == null) {
                throw ApiProblem.invalid(body.to() == null ? "eventId" : "from",
                        body.to() == null ? "an event id, or from and to" : "the range's start");
            }
            if (body.to() == null) {
                throw ApiProblem.invalid("to", "the range's end");
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            inSaneRange("from", body.from(), now);
            inSaneRange("to", body.to(), now);
            if (!body.to().isAfter(body.from())) {
                throw ApiProblem.invalid("to", "after from");
            }
            List<MerchantEvent> inRange = deliveries.eventsBetween(body.from(), body.to(), endpoint.eventTypes(),
                    properties.maxReplay() + 1);
            if (inRange.size() > properties.maxReplay()) {
                throw ApiProblem.invalid("to", "the range holds more than " + properties.maxReplay()
                        + " events; replay a shorter range");
            }
            chosen = inRange;
        }
        String replayId = RandomIds.next(REPLAY_PREFIX, RandomIds.ALPHANUMERIC, REPLAY_ID_LENGTH);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int added = transactions.execute(s -> deliveries.replay(id, chosen, replayId, now));
        return ResponseEntity.status(201).body(new ReplayAnswer(replayId, added,
                chosen.stream().map(MerchantEvent::id).toList()));
    }

    /** Events happen in this product's lifetime: a bound far off would only reach the database to be refused. */
    private static void inSaneRange(String field, OffsetDateTime value, OffsetDateTime now) {
        if (value.isBefore(EARLIEST_EVENT) || value.isAfter(now.plus(LATEST_AHEAD))) {
            throw ApiProblem.invalid(field, "between " + EARLIEST_EVENT.toLocalDate() + " and "
                    + LATEST_AHEAD.toHours() + " hours from now");
        }
    }

    private WebhookEndpoint found(String id) {
        return endpoints.find(id, OffsetDateTime.now(clock)).orElseThrow(() -> notFound(id));
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("No webhook endpoint " + id);
    }

    private String checkUrl(String url, List<ApiProblem.FieldError> errors) {
        urls.refusal(url).ifPresent(message -> errors.add(new ApiProblem.FieldError("url", message)));
        return url == null ? null : url.trim();
    }

    private static List<String> checkTypes(List<String> types, boolean required, List<ApiProblem.FieldError> errors) {
        if (types == null || types.isEmpty()) {
            if (required) {
                errors.add(new ApiProblem.FieldError("eventTypes", "one event type at least, or [\"*\"]"));
            }
            return List.of();
        }
        LinkedHashSet<String> checked = new LinkedHashSet<>();
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            if (type == null || !(type.equals(WebhookEndpoint.ALL_TYPES) || MerchantEventTypes.ALL.contains(type))) {
                errors.add(new ApiProblem.FieldError("eventTypes[" + i + "]",
                        "one of *, " + String.join(", ", MerchantEventTypes.ALL)));
            } else {
                checked.add(type);
            }
        }
        return checked.contains(WebhookEndpoint.ALL_TYPES) ? List.of(WebhookEndpoint.ALL_TYPES) : List.copyOf(checked);
    }

    private static String checkDescription(String description, List<ApiProblem.FieldError> errors) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(new ApiProblem.FieldError("description", "at most " + MAX_DESCRIPTION + " characters"));
        }
        return description;
    }

    @Schema(description = "A page of an endpoint's delivery log.")
    record DeliveryPage(List<WebhookDeliveries.Logged> deliveries,
                        @Schema(description = "Ask with `after=` this next time.", example = "42") long next,
                        @Schema(description = "Whether more deliveries were there than the page held.") boolean more) {
    }

    @Schema(description = "A replay: the deliveries it made, one per event, sent in order.")
    record ReplayAnswer(@Schema(example = "rpl_8Hk2Lm4Nq6Rs8Tv0Wx2Y") String replayId,
                        @Schema(description = "How many deliveries were made.", example = "3") int deliveries,
                        @Schema(description = "The events, in the order they are sent.") List<String> eventIds) {
    }
}
