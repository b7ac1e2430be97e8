package io.returnflow.dropoff;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.platform.Roles;
import io.returnflow.returns.ReturnView;
import io.returnflow.returns.ReturnViews;

/**
 * The counter's API (role store-clerk, or admin): {@code POST /api/stores/{storeId}/check-ins} checks
 * the buyer's parcel in (核销); {@code POST /api/stores/{storeId}/check-in-previews} shows whose parcel
 * and which items a code stands for, without checking it in. Both answer 403 at a store the clerk is
 * not bound to and 429 with {@code Retry-After} after too many wrong codes.
 */
@RestController
public class CheckInResource {

    private final CheckInDesk desk;
    private final ReturnViews views;

    public CheckInResource(CheckInDesk desk, ReturnViews views) {
        this.desk = desk;
        this.views = views;
    }

    @PostMapping("/api/stores/{storeId}/check-ins")
    public ReturnView checkIn(@PathVariable String storeId, @RequestBody CheckIn body,
                              Authentication clerk, HttpServletRequest request) {
        String returnId = desk.checkIn(storeId, body.code(), clerkOf(clerk, request));
        return views.of(returnId);
    }

    @PostMapping("/api/stores/{storeId}/check-in-previews")
    public CheckInPreview preview(@PathVariable String storeId, @RequestBody CheckIn body,
                                  Authentication clerk, HttpServletRequest request) {
        return desk.preview(storeId, body.code(), clerkOf(clerk, request));
    }

    /** The 429 problem with the {@code Retry-After} header the client needs. */
    @ExceptionHandler(CheckInDesk.TooManyAttempts.class)
    ResponseEntity<ProblemDetail> tooManyAttempts(CheckInDesk.TooManyAttempts e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        body.setType(e.type());
        body.setTitle(e.title());
        e.extra().forEach(body::setProperty);
        return ResponseEntity.status(e.status()).header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(body);
    }

    static CheckInDesk.Clerk clerkOf(Authentication authentication, HttpServletRequest request) {
        return new CheckInDesk.Clerk(authentication.getName(), isAdmin(authentication), request.getRemoteAddr());
    }

    static boolean isAdmin(Authentication authentication) {
        return authentication.getAuthorities().stream()
                .anyMatch(a -> ("ROLE_" + Roles.ADMIN).equals(a.getAuthority()));
    }

    /**
     * What the clerk typed or scanned. Not validated by annotations: a blank or overlong code is a
     * mistyped code like any other, refused by the desk (400, field {@code code}) and audited.
     */
    public record CheckIn(String code) {
    }
}
