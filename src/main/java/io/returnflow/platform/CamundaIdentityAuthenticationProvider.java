package io.returnflow.platform;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * HTTP Basic for {@code /api/**} against the engine's identity service: the users and groups that
 * operators manage in Camunda Admin. Each group becomes a role ({@code ROLE_<groupId>}).
 */
class CamundaIdentityAuthenticationProvider implements AuthenticationProvider {

    private final IdentityService identityService;
    private final TransactionTemplate transaction;

    public CamundaIdentityAuthenticationProvider(IdentityService identityService,
                                                 PlatformTransactionManager transactionManager) {
        this.identityService = identityService;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String userId = authentication.getName();
        Object credentials = authentication.getCredentials();
        if (userId == null || userId.isBlank() || credentials == null) {
            throw new BadCredentialsException("Unknown user or wrong password");
        }
        // the password check and the groups in one transaction instead of one each; a wrong password is
        // answered after it commits, so that the engine's count of failed attempts (its lockout) is kept
        List<SimpleGrantedAuthority> roles = transaction.execute(status ->
                identityService.checkPassword(userId, credentials.toString())
                        ? identityService.createGroupQuery().groupMember(userId).list().stream()
                                .map(Group::getId)
                                .map(group -> new SimpleGrantedAuthority("ROLE_" + group))
                                .toList()
                        : null);
        if (roles == null) {
            throw new BadCredentialsException("Unknown user or wrong password");
        }
        return UsernamePasswordAuthenticationToken.authenticated(userId, null, roles);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
