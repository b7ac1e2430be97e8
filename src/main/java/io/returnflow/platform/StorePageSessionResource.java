package io.returnflow.platform;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /store/session}: the clerk's page asks who is logged in, and takes the CSRF token its changes must
 * carry ({@link StorePageSecurity}); nobody and no token for a visitor, who has no session. The session cookie is
 * HttpOnly: this answer and the log-in's are the only ways the page learns the token. Not part of the API's description: only the page calls it.
 */
@RestController
@Hidden
class StorePageSessionResource {

    @GetMapping(StorePageSecurity.SESSION_PATH)
    PageSession session(Authentication who, CsrfToken csrf) {
        boolean loggedIn = who != null && who.isAuthenticated() && !(who instanceof AnonymousAuthenticationToken);
        // a visitor gets no token: asking for one would start a session, a row in the session tables
        return loggedIn ? PageSession.of(who.getName(), csrf) : new PageSession(null, null);
    }

    /**
     * The page's session as the page sees it.
     *
     * @param userId who is logged in; null when nobody is
     * @param csrf   the header to send with each change, and its value; null when nobody is logged in
     */
    record PageSession(String userId, Csrf csrf) {

        static PageSession of(String userId, CsrfToken token) {
            return new PageSession(userId, new Csrf(token.getHeaderName(), token.getToken()));
        }
    }

    record Csrf(String headerName, String token) {
    }
}
