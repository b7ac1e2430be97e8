package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The application under a profile that is not the local run (here {@code staging}, on an in-memory database): it
 * starts with a strong admin password, creates the admin and no demo user, and the demo credentials open nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:staging-${random.uuid};DB_CLOSE_DELAY=-1",
        "camunda.bpm.admin-user.password=" + NoDemoUsersOutsideLocalTest.ADMIN_PASSWORD,
        // a profile's own drop-off code key: the local run's are refused here
        "returnflow.drop-off.code-keys.active=staging1",
        "returnflow.drop-off.code-keys.secrets.staging1=c3RhZ2luZy1kcm9wLW9mZi1zZWNyZXQtb2YtMzItYnl0ZXM=",
        // a profile's own SMS templates: the local run's are its own
        "returnflow.sms.aliyun.templates.[refund.succeeded].zh-CN=SMS_900000401",
        // nothing moves by itself while the test looks
        "returnflow.carrier.sandbox.collect-after=3650d", "returnflow.carrier.sandbox.sign-after=3650d"})
@ActiveProfiles("staging")
@DirtiesContext
class NoDemoUsersOutsideLocalTest {

    static final String ADMIN_PASSWORD = "Staging-Admin-7f3Kq9";

    @Autowired
    IdentityService identity;

    @Autowired
    Environment environment;

    @Autowired
    TestRestTemplate rest;

    @Test
    void onlyTheAdminExistsAndTheDemoPasswordsOpenNothing() {
        assertThat(environment.getActiveProfiles()).containsExactly("staging");
        List<String> users = identity.createUserQuery().list().stream().map(User::getId).toList();
        assertThat(users).containsExactly("admin");
        assertThat(identity.checkPassword("admin", ADMIN_PASSWORD)).isTrue();
        assertThat(rest.withBasicAuth("admin", ADMIN_PASSWORD).getForEntity("/api/stores", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        for (String demo : List.of("merchant", "clerk", "cs", "inspector", "ops", "analyst")) {
            assertThat(rest.withBasicAuth(demo, demo).getForEntity("/api/stores", String.class).getStatusCode())
                    .as(demo).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
    }
}
