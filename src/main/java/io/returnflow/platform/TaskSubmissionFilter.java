package io.returnflow.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Providers;
import org.camunda.bpm.engine.rest.sub.task.TaskResource;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Puts {@link TaskSubmissionCheck} in front of the engine REST API's task completion ({@code complete},
 * {@code submit-form}) in every engine REST application of this process: {@code /engine-rest} and the one
 * Tasklist itself calls, {@code /camunda/api/engine/engine/{name}}. A refused submission is answered 400
 * with its problems; the engine never sees it.
 *
 * <p>It runs inside JAX-RS, after the servlet filters that authenticate the caller for the engine, and is
 * registered by Jersey's auto-discovery ({@link Discovery}, in {@code META-INF/services}) because the
 * webapps' engine REST application takes no provider of ours otherwise.
 */
public class TaskSubmissionFilter implements ContainerRequestFilter {

    /** The {@link TaskResource} methods that complete a task with variables. */
    private static final Set<String> COMPLETING = Set.of("complete", "submit");
    private static final MediaType PROBLEM_JSON = MediaType.valueOf("application/problem+json");

    @Context
    private ResourceInfo resource;
    @Context
    private ServletContext servletContext;
    @Context
    private Providers providers;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        Method method = resource.getResourceMethod();
        Class<?> resourceClass = resource.getResourceClass();
        if (method == null || !COMPLETING.contains(method.getName()) || resourceClass == null
                || !TaskResource.class.isAssignableFrom(resourceClass) || !request.hasEntity()) {
            return;
        }
        Optional<TaskSubmissionCheck> check = check();
        String taskId = request.getUriInfo().getPathParameters().getFirst("id");
        if (check.isEmpty() || taskId == null) {
            return;
        }
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        ObjectMapper json = restJson();
        check.get().refusal(taskId, body, json).ifPresent(refused -> {
            try {
                request.abortWith(Response.status(Response.Status.BAD_REQUEST).type(PROBLEM_JSON)
                        .entity(json.writeValueAsString(TaskSubmissionCheck.problem(refused))).build());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot write the refusal of task " + taskId, e);
            }
        });
    }

    private Optional<TaskSubmissionCheck> check() {
        WebApplicationContext spring = servletContext == null ? null
                : WebApplicationContextUtils.getWebApplicationContext(servletContext);
        return spring == null ? Optional.empty()
                : spring.getBeanProvider(TaskSubmissionCheck.class).stream().findFirst();
    }

    /** The engine REST API's own JSON configuration, which reads its variable values. */
    private ObjectMapper restJson() {
        ContextResolver<ObjectMapper> resolver = providers == null ? null
                : providers.getContextResolver(ObjectMapper.class, MediaType.APPLICATION_JSON_TYPE);
        ObjectMapper mapper = resolver == null ? null : resolver.getContext(ObjectMapper.class);
        return mapper != null ? mapper : new ObjectMapper();
    }

    /** Registers the filter in every Jersey application that serves the engine REST API. */
    public static class Discovery implements AutoDiscoverable {

        @Override
        public void configure(FeatureContext context) {
            if (!context.getConfiguration().isRegistered(TaskSubmissionFilter.class)) {
                context.register(TaskSubmissionFilter.class);
            }
        }
    }
}
