package io.returnflow.platform;

import static io.returnflow.platform.ApiDocumentation.TAG_STORE_PAGE;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /store/session}: the clerk's page asks who is logged in, and takes the CSRF token its changes must
 * carry ({@link StorePageSecurity}); nobody and no token for a visitor, who has no session. The session cookie is
 * HttpOnly: this answer and the log-in's are the only ways the page learns the token. The log-in and the log-out
 * are filters, described in the API's document by {@link ApiDocumentation}.
 */
@RestController
@Tag(name = TAG_STORE_PAGE)
class StorePageSessionResource {

    @GetMapping(StorePageSecurity.SESSION_PATH)
    @Operation(operationId = "getStorePageSession", summary = "Who is logged in on the clerk's page",
            description = "The user the session cookie belongs to, and the CSRF token every change made with the "
                    + "cookie must carry. Without a cookie, or with one whose session ended, `userId` and `csrf` are "
                    + "null: nobody is logged in, and no session is started for the asking.")
    @ApiResponse(responseCode = "200", description = "The session, or nobody.",
            content = @Content(schema = @Schema(implementation = PageSession.class)))
    @ProblemResponses(ProblemType.NOT_ACCEPTABLE)
    PageSession session(@Parameter(hidden = true) Authentication who, @Parameter(hidden = true) CsrfToken csrf) {
        boolean loggedIn = new AuthenticationTrustResolverImpl().isAuthenticated(who);
        // a visitor gets no token: asking for one would start a session, a row in the session tables
        return loggedIn ? PageSession.of(who.getName(), csrf) : new PageSession(null, null);
    }

    /**
     * The page's session as the page sees it.
     *
     * @param userId who is logged in; null when nobody is
     * @param csrf   the header to send with each change, and its value; null when nobody is logged in
     */
    @Schema(name = "StorePageSession", description = "The clerk's page's session: who is logged in, and the CSRF "
            + "token the page's changes carry; both null when nobody is.")
    record PageSession(
            @Schema(description = "Who is logged in; null when nobody is.", example = "clerk") String userId,
            @Schema(description = "The header each change made with the session cookie carries; null when nobody "
                    + "is logged in.") Csrf csrf) {

        static PageSession of(String userId, CsrfToken token) {
            return new PageSession(userId, new Csrf(token.getHeaderName(), token.getToken()));
        }
    }

    @Schema(name = "StorePageCsrfToken", description = "The session's CSRF token and the header that carries it.")
    record Csrf(
            @Schema(example = StorePageSecurity.CSRF_HEADER, requiredMode = Schema.RequiredMode.REQUIRED)
            String headerName,
            @Schema(example = "9f2c6d1e-3b8a-4c7f-a5e2-6d0b1c4f8a73", requiredMode = Schema.RequiredMode.REQUIRED)
            String token) {
    }
}
