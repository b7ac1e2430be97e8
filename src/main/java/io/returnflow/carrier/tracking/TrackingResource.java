package io.returnflow.carrier.tracking;

import static io.returnflow.platform.ApiDocumentation.TAG_CARRIER_INBOX;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.ProblemType.NOT_PARKED;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.OPS;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.QueryParams;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;

/**
 * Operations' view of tracking subscriptions, next to the carrier inbox (same roles): which waybills the
 * carrier was never told about and why, and putting one back in line once the cause is fixed.
 */
@RestController
@RequestMapping("/api/carrier-inbox/tracking")
@Tag(name = TAG_CARRIER_INBOX)
class TrackingResource {

    private static final int MAX_LIMIT = 500;

    private final TrackingSubscriptions subscriptions;
    private final Clock clock;

    public TrackingResource(TrackingSubscriptions subscriptions, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /** Subscriptions in a status (PARKED by default), oldest first. */
    @GetMapping
    @Operation(operationId = "listTrackingSubscriptions", summary = "List tracking subscriptions", description = ""
            + "The waybills whose tracking ReturnFlow subscribed to (or tried to), in one status (`PARKED` by "
            + "default: the carrier was never told, `lastError` says why), oldest first.")
    @ApiResponse(responseCode = "200", description = "The subscriptions, oldest first.", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = TrackingSubscription.class)),
            examples = @ExampleObject(name = "parked", ref = "#/components/examples/tracking-subscriptions")))
    @ProblemResponses(VALIDATION)
    @ApiRoles({OPS, ADMIN})
    public List<TrackingSubscription> list(@Parameter(description = "The subscriptions' status.", schema = @Schema(
                                                   implementation = SubscriptionStatus.class, defaultValue = "PARKED"))
                                           @RequestParam(defaultValue = "PARKED") String status,
                                           @Parameter(description = "At most this many, 1 to 500.")
                                           @RequestParam(defaultValue = "100") int limit) {
        return subscriptions.list(QueryParams.oneOf("status", status, SubscriptionStatus.class),
                QueryParams.limit(limit, MAX_LIMIT));
    }

    /** Puts a parked subscription back in line; 404 unknown, 409 when it is not parked. */
    @PostMapping("/{waybill}/requeue")
    @Operation(operationId = "requeueTrackingSubscription", summary = "Put a parked subscription back in line",
            description = "Once the cause is fixed: the subscription is tried again at once.")
    @ApiResponse(responseCode = "200", description = "The subscription, `REQUESTED` again.", content = @Content(
            schema = @Schema(implementation = TrackingSubscription.class),
            examples = @ExampleObject(name = "requeued", ref = "#/components/examples/tracking-subscription")))
    @ProblemResponses({NOT_FOUND, NOT_PARKED})
    @ApiRoles({OPS, ADMIN})
    public TrackingSubscription requeue(@Parameter(description = "The waybill.", example = "SF1400012345678")
                                        @PathVariable String waybill) {
        TrackingSubscription subscription = subscriptions.find(waybill)
                .orElseThrow(() -> ApiProblem.notFound("no tracking subscription for waybill " + waybill));
        if (!subscriptions.requeue(waybill, OffsetDateTime.now(clock))) {
            throw ApiProblem.conflict("not-parked", "the tracking subscription of waybill " + waybill + " is "
                    + subscription.status());
        }
        return subscriptions.find(waybill).orElseThrow();
    }
}
