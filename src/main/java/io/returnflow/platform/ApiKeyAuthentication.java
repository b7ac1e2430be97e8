package io.returnflow.platform;

import java.util.Collection;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A request authenticated by an API key: its name is {@code api-key:<id>} (what "by" columns record), its
 * authorities the key's roles as {@code ROLE_<group>}, like a user's groups.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    /** What a key's principal name starts with: never a user id of the identity service (no colon there). */
    public static final String PRINCIPAL_PREFIX = "api-key:";

    private final String keyId;

    ApiKeyAuthentication(String keyId, Collection<? extends GrantedAuthority> roles) {
        super(roles);
        this.keyId = keyId;
        setAuthenticated(true);
    }

    /** The key's public id. */
    public String keyId() {
        return keyId;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Object getPrincipal() {
        return PRINCIPAL_PREFIX + keyId;
    }
}
