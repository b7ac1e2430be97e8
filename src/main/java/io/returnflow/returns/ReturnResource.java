package io.returnflow.returns;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.platform.ApiProblem;

/** {@code /api/returns}: create, read, list, timeline, cancel (API.md). */
@RestController
@Validated
public class ReturnResource {

    private final ReturnService service;
    private final ReturnViews views;
    private final ReturnRepository returns;
    private final ReturnTimeline timeline;

    public ReturnResource(ReturnService service, ReturnViews views, ReturnRepository returns, ReturnTimeline timeline) {
        this.service = service;
        this.views = views;
        this.returns = returns;
        this.timeline = timeline;
    }

    @PostMapping("/api/returns")
    public ResponseEntity<?> create(@Valid @RequestBody ReturnRequest request,
                                    @RequestHeader(value = "Idempotency-Key", required = false)
                                    @Size(min = 1, max = 128) String idempotencyKey,
                                    Principal principal) {
        ReturnService.Outcome outcome;
        try {
            outcome = service.create(request, idempotencyKey, principal.getName());
        } catch (IdempotencyKeys.KeyInUse raced) {
            // a concurrent request with the same key won: answer what it answered
            outcome = service.replay(principal.getName(), idempotencyKey, service.hash(request))
                    .orElseThrow(() -> ApiProblem.conflict("idempotency-key-in-use",
                            "A request with this Idempotency-Key is still being processed; repeat it shortly."));
        }
        ReturnView view = outcome.view();
        return switch (outcome.kind()) {
            case CREATED -> ResponseEntity.created(URI.create(view.links().self())).body(view);
            case REPLAYED -> ResponseEntity.ok().location(URI.create(view.links().self())).body(view);
            case REJECTED -> ResponseEntity.unprocessableEntity().body(notEligible(view));
        };
    }

    @GetMapping("/api/returns/{id}")
    public ReturnView get(@PathVariable String id) {
        return views.of(id);
    }

    @GetMapping("/api/returns")
    public Page list(@RequestParam(required = false) String orderId,
                     @RequestParam(required = false) ReturnStatus status,
                     @RequestParam(defaultValue = "0") @Min(0) int page,
                     @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        List<ReturnView> content = returns.page(orderId, status, page, size).stream().map(views::of).toList();
        return new Page(content, page, size, returns.count(orderId, status));
    }

    @GetMapping("/api/returns/{id}/timeline")
    public List<ReturnTimeline.TimelineEvent> timeline(@PathVariable String id) {
        if (returns.find(id).isEmpty()) {
            throw ApiProblem.notFound("No return " + id);
        }
        return timeline.list(id);
    }

    @PostMapping("/api/returns/{id}/cancellation")
    public ReturnView cancel(@PathVariable String id, @RequestBody(required = false) @Valid Cancellation body,
                             Principal principal) {
        return service.cancel(id, body == null ? null : body.reason(), principal.getName());
    }

    private static ProblemDetail notEligible(ReturnView view) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                "The return policy refuses this return: " + String.join("; ", view.rejectionReasons()));
        problem.setType(URI.create(ApiProblem.TYPE_BASE + "not-eligible"));
        problem.setTitle("Not eligible for return");
        problem.setProperty("reasons", view.rejectionReasons());
        problem.setProperty("returnId", view.id());
        problem.setProperty("return", Map.of("id", view.id(), "status", view.status(),
                "self", view.links().self()));
        return problem;
    }

    public record Cancellation(@Size(max = 500) String reason) {
    }

    public record Page(List<ReturnView> content, int page, int size, long totalElements) {
    }
}
