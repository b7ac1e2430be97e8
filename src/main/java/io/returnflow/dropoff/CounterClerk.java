package io.returnflow.dropoff;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;

import io.returnflow.platform.Roles;

/** Who stands at a store's counter, as the request's login and address tell it. */
public final class CounterClerk {

    private CounterClerk() {
    }

    /** The clerk for the check-in desk: the user, whether an administrator, and the client's address. */
    public static CheckInDesk.Clerk of(Authentication authentication, HttpServletRequest request) {
        return new CheckInDesk.Clerk(authentication.getName(), isAdmin(authentication), request.getRemoteAddr());
    }

    /** An administrator may act at any store. */
    static boolean isAdmin(Authentication authentication) {
        return authentication.getAuthorities().stream()
                .anyMatch(a -> ("ROLE_" + Roles.ADMIN).equals(a.getAuthority()));
    }
}
