package io.returnflow.carrier.tracking;

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

/**
 * Operations' view of tracking subscriptions, next to the carrier inbox (same roles): which waybills the
 * carrier was never told about and why, and putting one back in line once the cause is fixed.
 */
@RestController
@RequestMapping("/api/carrier-inbox/tracking")
public class TrackingResource {

    private static final int MAX_LIMIT = 500;

    private final TrackingSubscriptions subscriptions;
    private final Clock clock;

    public TrackingResource(TrackingSubscriptions subscriptions, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /** Subscriptions in a status (PARKED by default), oldest first. */
    @GetMapping
    public List<TrackingSubscription> list(@RequestParam(defaultValue = "PARKED") String status,
                                           @RequestParam(defaultValue = "100") int limit) {
        return subscriptions.list(QueryParams.oneOf("status", status, SubscriptionStatus.class),
                QueryParams.limit(limit, MAX_LIMIT));
    }

    /** Puts a parked subscription back in line; 404 unknown, 409 when it is not parked. */
    @PostMapping("/{waybill}/requeue")
    public TrackingSubscription requeue(@PathVariable String waybill) {
        TrackingSubscription subscription = subscriptions.find(waybill)
                .orElseThrow(() -> ApiProblem.notFound("no tracking subscription for waybill " + waybill));
        if (!subscriptions.requeue(waybill, OffsetDateTime.now(clock))) {
            throw ApiProblem.conflict("not-parked", "the tracking subscription of waybill " + waybill + " is "
                    + subscription.status());
        }
        return subscriptions.find(waybill).orElseThrow();
    }
}
