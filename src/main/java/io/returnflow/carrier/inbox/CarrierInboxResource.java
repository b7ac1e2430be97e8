package io.returnflow.carrier.inbox;

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
 * Operations' view of the carrier inbox: what was parked and why, and putting an entry back in line
 * once the cause is fixed.
 */
@RestController
@RequestMapping("/api/carrier-inbox")
@Tag(name = TAG_CARRIER_INBOX)
class CarrierInboxResource {

    private static final int MAX_LIMIT = 500;

    private final CarrierInbox inbox;
    private final Clock clock;

    public CarrierInboxResource(CarrierInbox inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Entries in a status (PARKED by default), oldest first. */
    @GetMapping
    @Operation(operationId = "listCarrierInbox", summary = "List carrier inbox entries", description = "What the "
            + "carrier pushed, in one status (`PARKED` by default: what needs a person), oldest first; `lastError` "
            + "says why an entry was parked.")
    @ApiResponse(responseCode = "200", description = "The entries, oldest first.", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = InboxEntry.class)),
            examples = @ExampleObject(name = "parked", ref = "#/components/examples/carrier-inbox")))
    @ProblemResponses(VALIDATION)
    @ApiRoles({OPS, ADMIN})
    public List<InboxEntry> list(@Parameter(description = "The entries' status.",
                                         schema = @Schema(implementation = InboxStatus.class, defaultValue = "PARKED"))
                                 @RequestParam(defaultValue = "PARKED") String status,
                                 @Parameter(description = "At most this many, 1 to 500.")
                                 @RequestParam(defaultValue = "100") int limit) {
        return inbox.list(QueryParams.oneOf("status", status, InboxStatus.class),
                QueryParams.limit(limit, MAX_LIMIT));
    }

    /** Puts a parked entry back in line; 404 unknown, 409 when it is not parked. */
    @PostMapping("/{id}/requeue")
    @Operation(operationId = "requeueCarrierInboxEntry", summary = "Put a parked entry back in line",
            description = "Once the cause is fixed: the entry is processed again, as if it had just arrived.")
    @ApiResponse(responseCode = "200", description = "The entry, `PENDING` again.", content = @Content(
            schema = @Schema(implementation = InboxEntry.class),
            examples = @ExampleObject(name = "requeued", ref = "#/components/examples/carrier-inbox-entry")))
    @ProblemResponses({VALIDATION, NOT_FOUND, NOT_PARKED})
    @ApiRoles({OPS, ADMIN})
    public InboxEntry requeue(@Parameter(description = "The entry's id.", example = "42") @PathVariable long id) {
        InboxEntry entry = inbox.find(id).orElseThrow(() -> ApiProblem.notFound("no carrier inbox entry " + id));
        if (!inbox.requeue(id, OffsetDateTime.now(clock))) {
            throw ApiProblem.conflict("not-parked", "carrier inbox entry " + id + " is " + entry.status());
        }
        return inbox.find(id).orElseThrow();
    }
}
