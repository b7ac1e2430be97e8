package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authorization.ObservationAuthorizationManager;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.ObservationFilterChainDecorator;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import io.returnflow.support.Eventually;

/**
 * Every request is measured as {@code http.server.requests} (the dashboard's request rate and latency), and
 * nothing more: Spring Security neither observes each of its filters and decisions nor wraps them to do so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class SecurityObservationsTest {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    FilterChainProxy securityFilterChain;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ObservationRegistry observations;

    @Test
    void anAuthenticatedRequestIsMeasuredWithoutSecurityObservations() {
        StartedObservations started = new StartedObservations();
        observations.observationConfig().observationHandler(started);
        long measured = healthRequestsMeasured();

        assertThat(rest.withBasicAuth("ops", "ops").getForEntity("/actuator/health", String.class).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        assertThat(started.names).contains("http.server.requests")
                .noneMatch(name -> name.startsWith("spring.security"));
        Eventually.await("the request's timer", Duration.ofSeconds(10), () -> healthRequestsMeasured() > measured);
    }

    @Test
    void theSecurityFiltersAndDecisionsAreNotWrappedForObservation() throws Exception {
        // where a request leaves the security filters for the servlet: no observing wrapper on the way
        List<String> passedThrough = new CopyOnWriteArrayList<>();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
        request.setServletPath("/actuator/health");
        securityFilterChain.doFilter(request, new MockHttpServletResponse(), (req, res) ->
                Stream.of(new Throwable().getStackTrace()).map(StackTraceElement::getClassName)
                        .forEach(passedThrough::add));
        assertThat(passedThrough).contains(AuthorizationFilter.class.getName())
                .noneMatch(type -> type.startsWith(ObservationFilterChainDecorator.class.getName()));

        List<AuthorizationFilter> authorizations = securityFilterChain.getFilterChains().stream()
                .flatMap(chain -> chain.getFilters().stream())
                .filter(AuthorizationFilter.class::isInstance).map(AuthorizationFilter.class::cast).toList();
        assertThat(authorizations).isNotEmpty().allSatisfy(filter ->
                assertThat(filter.getAuthorizationManager()).isNotInstanceOf(ObservationAuthorizationManager.class));
    }

    private long healthRequestsMeasured() {
        Timer timer = meters.find("http.server.requests").tag("uri", "/actuator/health").tag("status", "200").timer();
        return timer == null ? 0 : timer.count();
    }

    /** The name of every observation the registry starts (a disabled one starts none). */
    static class StartedObservations implements ObservationHandler<Observation.Context> {

        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Observation.Context context) {
            names.add(context.getName());
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return true;
        }
    }
}
