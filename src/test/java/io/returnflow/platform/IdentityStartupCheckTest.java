package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.returnflow.ReturnFlowApplication;

/**
 * Demo users and default admin passwords start in the local profile only: under any other profile the context
 * does not start, and says which property to set.
 */
@ExtendWith(OutputCaptureExtension.class)
class IdentityStartupCheckTest {

    static final String STRONG = "Tq8#vLm2!pXz41Rw";

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withBean(IdentityStartupCheck.class)
            .withPropertyValues("camunda.bpm.admin-user.id=admin", "returnflow.admin-password.min-length=12");

    ApplicationContextRunner under(String profile) {
        return runner.withInitializer(context -> context.getEnvironment().setActiveProfiles(profile));
    }

    @Test
    void anotherProfileRefusesAMissingAdminPassword() {
        under("postgres").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasMessageContaining("camunda.bpm.admin-user.password")
                    .hasMessageContaining("RETURNFLOW_ADMIN_PASSWORD").hasMessageContaining("is not set");
        });
        under("postgres").withPropertyValues("camunda.bpm.admin-user.password=").run(context ->
                assertThat(context.getStartupFailure()).hasMessageContaining("camunda.bpm.admin-user.password"));
        // a placeholder that names nothing set, as in a configuration written without a default
        under("postgres").withPropertyValues("camunda.bpm.admin-user.password=${RETURNFLOW_ADMIN_PASSWORD_NOT_SET}")
                .run(context -> assertThat(context.getStartupFailure())
                        .hasMessageContaining("camunda.bpm.admin-user.password").hasMessageContaining("is not set"));
    }

    @Test
    void anotherProfileRefusesADefaultOrWeakAdminPassword() {
        for (String known : new String[] {"admin", "ADMIN", "changeme", "password123", "administrator"}) {
            under("production").withPropertyValues("camunda.bpm.admin-user.password=" + known).run(context ->
                    assertThat(context.getStartupFailure()).as(known)
                            .hasMessageContaining("camunda.bpm.admin-user.password")
                            .hasMessageContaining("known default"));
        }
        under("production").withPropertyValues("camunda.bpm.admin-user.id=returnflow-root",
                "camunda.bpm.admin-user.password=ReturnFlow-Root").run(context ->
                assertThat(context.getStartupFailure()).as("the user id as password")
                        .hasMessageContaining("known default"));
        under("production").withPropertyValues("camunda.bpm.admin-user.password=x7!Kq2Lm").run(context ->
                assertThat(context.getStartupFailure()).hasMessageContaining("camunda.bpm.admin-user.password")
                        .hasMessageContaining("shorter than 12"));
    }

    @Test
    void anotherProfileRefusesDemoUsers() {
        under("postgres").withPropertyValues("camunda.bpm.admin-user.password=" + STRONG,
                "returnflow.demo-users=true").run(context ->
                assertThat(context.getStartupFailure()).hasMessageContaining("returnflow.demo-users"));
    }

    @Test
    void anotherProfileStartsWithAStrongPassword() {
        under("postgres").withPropertyValues("camunda.bpm.admin-user.password=" + STRONG,
                "returnflow.demo-users=false").run(context -> assertThat(context).hasNotFailed());
        // no admin user configured: none is created, so there is no password to check
        under("postgres").withPropertyValues("camunda.bpm.admin-user.id=").run(context ->
                assertThat(context).hasNotFailed());
    }

    @Test
    void theLocalRunKeepsItsDemoUsersAndAdmin() {
        // no profile given: spring.profiles.default (application.yaml) makes it the local run
        runner.withPropertyValues("spring.profiles.default=local", "camunda.bpm.admin-user.password=admin",
                "returnflow.demo-users=true").run(context -> assertThat(context).hasNotFailed());
        under("local").withPropertyValues("camunda.bpm.admin-user.password=admin", "returnflow.demo-users=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    /**
     * The product's own configuration files: production's profile without RETURNFLOW_ADMIN_PASSWORD stops before
     * anything else is made, with Spring Boot's report naming the property.
     */
    @Test
    void theProductionProfileOfTheProductRefusesToStartWithoutAnAdminPassword(CapturedOutput output) {
        assumeTrue(System.getenv("RETURNFLOW_ADMIN_PASSWORD") == null, "RETURNFLOW_ADMIN_PASSWORD is set here");
        SpringApplicationBuilder production = new SpringApplicationBuilder(ReturnFlowApplication.class)
                .profiles("postgres").web(WebApplicationType.NONE);
        assertThatThrownBy(production::run)
                .hasStackTraceContaining("camunda.bpm.admin-user.password (RETURNFLOW_ADMIN_PASSWORD) is not set");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Demo users and default admin passwords are for the local profile only")
                .contains("Set a strong admin password in the environment (RETURNFLOW_ADMIN_PASSWORD)");
    }
}
