package io.returnflow.carrier.inbox;

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
 * Operations' view of the carrier inbox: what was parked and why, and putting an entry back in line
 * once the cause is fixed.
 */
@RestController
@RequestMapping("/api/carrier-inbox")
public class CarrierInboxResource {

    private static final int MAX_LIMIT = 500;

    private final CarrierInbox inbox;
    private final Clock clock;

    public CarrierInboxResource(CarrierInbox inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Entries in a status (PARKED by default), oldest first. */
    @GetMapping
    public List<InboxEntry> list(@RequestParam(defaultValue = "PARKED") String status,
                                 @RequestParam(defaultValue = "100") int limit) {
        return inbox.list(QueryParams.oneOf("status", status, InboxStatus.class),
                QueryParams.limit(limit, MAX_LIMIT));
    }

    /** Puts a parked entry back in line; 404 unknown, 409 when it is not parked. */
    @PostMapping("/{id}/requeue")
    public InboxEntry requeue(@PathVariable long id) {
        InboxEntry entry = inbox.find(id).orElseThrow(() -> ApiProblem.notFound("no carrier inbox entry " + id));
        if (!inbox.requeue(id, OffsetDateTime.now(clock))) {
            throw ApiProblem.conflict("not-parked", "carrier inbox entry " + id + " is " + entry.status());
        }
        return inbox.find(id).orElseThrow();
    }
}
