package io.returnflow.events;

import static io.returnflow.platform.ApiDocumentation.TAG_EVENTS;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.MERCHANT_API;
import static io.returnflow.platform.Roles.OPS;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;
import io.returnflow.platform.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /api/events}: the merchant's event log, for clients that prefer to poll. */
@RestController
@Tag(name = TAG_EVENTS)
class EventResource {

    private final EventLog events;
    private final EventProperties properties;

    EventResource(EventLog events, EventProperties properties) {
        this.events = events;
        this.properties = properties;
    }

    @GetMapping("/api/events")
    @Operation(operationId = "listEvents", summary = "Read the events after a position", description = """
            The events in the order they happened, each with its `position` in the log. Start with `after=0`, \
            then ask again with the last page's `next`: a page never skips an event, even one whose change \
            committed late (an event gets its position only once its change committed). The same events are \
            pushed, signed, to the webhook endpoints that want them.""")
    @ApiResponse(responseCode = "200", description = "A page of events.", content = @Content(
            schema = @Schema(implementation = EventPage.class)))
    @ProblemResponses(VALIDATION)
    @ApiRoles({MERCHANT_API, OPS, ADMIN})
    public EventPage list(@Parameter(description = "Only events after this position; 0 from the start.",
                                  example = "0") @RequestParam(defaultValue = "0") long after,
                          @Parameter(description = "At most this many events.", example = "100")
                          @RequestParam(defaultValue = "100") int limit,
                          @Parameter(description = "Only events of this type.", example = "refund.succeeded")
                          @RequestParam(required = false) String type,
                          @Parameter(description = "Only events of this return.", example = "R-8F3K2Q")
                          @RequestParam(required = false) String returnId) {
        if (after < 0) {
            throw ApiProblem.invalid("after", "0 or a position");
        }
        int max = QueryParams.limit(limit, properties.pageLimit());
        if (type != null && !MerchantEventTypes.ALL.contains(type)) {
            throw ApiProblem.invalid("type", "one of " + String.join(", ", MerchantEventTypes.ALL));
        }
        if (returnId != null && (returnId.isBlank() || returnId.length() > 32)) {
            throw ApiProblem.invalid("returnId", "a return id");
        }
        List<EventEntry> page = events.after(after, max, type, returnId).stream()
                .map(e -> new EventEntry(e.position(), e.id(), e.type(), e.createdAt(), e.returnId(), e.orderId(),
                        e.payload()))
                .toList();
        return new EventPage(page, page.isEmpty() ? after : page.get(page.size() - 1).position(),
                page.size() == max);
    }

    @Schema(description = "A page of the event log.")
    record EventPage(List<EventEntry> events,
                     @Schema(description = "Ask with `after=` this next time.", example = "42") long next,
                     @Schema(description = "Whether more events were there than the page held: ask again at once.")
                     boolean more) {
    }

    @Schema(description = "One event and its position.")
    record EventEntry(@Schema(example = "42") long position,
                      @Schema(example = "evt_4q2mYb7kPz9XcW1nR3tVa8Ls") String id,
                      @Schema(example = "pickup.booked") String type,
                      OffsetDateTime createdAt,
                      @Schema(example = "R-8F3K2Q") String returnId,
                      @Schema(example = "SO-10001") String orderId,
                      @Schema(description = "The event exactly as pushed to webhook endpoints (the signed body): "
                              + "`id`, `type`, `createdAt`, `returnId`, `orderId`, `detail`, and `data.object`, "
                              + "the return as `GET /api/returns/{id}` showed it when the event happened.",
                              type = "object") @JsonRawValue String event) {
    }
}
