package io.returnflow.platform;

import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Authorization rules about API keys: what only a person (HTTP Basic) may do, whatever roles a key carries. A
 * leaked key must not mint the keys that would outlive its revocation.
 */
final class ApiKeyAccess {

    private ApiKeyAccess() {
    }

    /** A person with any of these roles; a request authenticated by an API key is refused (403). */
    public static AuthorizationManager<RequestAuthorizationContext> peopleWithAnyRole(String... roles) {
        AuthorityAuthorizationManager<RequestAuthorizationContext> withRole =
                AuthorityAuthorizationManager.hasAnyRole(roles);
        return new AuthorizationManager<>() {
            @Override
            @SuppressWarnings("deprecation") // check(...) is what Spring Security 6.5 still calls
            public AuthorizationDecision check(Supplier<Authentication> authentication,
                                               RequestAuthorizationContext context) {
                if (authentication.get() instanceof ApiKeyAuthentication) {
                    return new AuthorizationDecision(false);
                }
                return withRole.check(authentication, context);
            }
        };
    }
}
