package io.returnflow.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Providers;
import org.camunda.bpm.engine.rest.sub.task.TaskResource;
import org.glassfish.jersey.internal.spi.AutoDiscoverable;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * Puts {@link TaskSubmissionCheck} in front of the engine REST API's routes that write a task holder's variables
 * to the journey ({@code complete}, {@code submit-form}, {@code resolve}, {@code bpmnError},
 * {@code bpmnEscalation}) in every engine REST application of this process: {@code /engine-rest} and the one
 * Tasklist itself calls, {@code /camunda/api/engine/engine/{name}}. A refused submission is answered 400
 * with its problems; the engine never sees it. A refusal that reaches the engine all the same (the facts changed
 * after this check) is answered alike by {@link TaskRefusalAnswers}.
 *
 * <p>It runs inside JAX-RS, after the servlet filters that authenticate the caller for the engine, and is
 * registered by Jersey's auto-discovery ({@link Discovery}, in {@code META-INF/services}) because the
 * webapps' engine REST application takes no provider of ours otherwise.
 */
public class TaskSubmissionFilter implements ContainerRequestFilter {

    /**
     * The {@link TaskResource} methods that write a person's variables to the journey with no more than the right
     * to work the task (TASK_WORK): those that complete or resolve a task with a decision, and those that throw
     * a BPMN error or an escalation from it. Delegating, claiming and assigning carry no variables; the variable
     * routes need UPDATE, which task holders do not have.
     */
    private static final Set<String> DECIDING = Set.of("complete", "submit", "resolve");
    private static final Set<String> THROWING = Set.of("handleBpmnError", "handleEscalation");

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
        if (method == null || !(DECIDING.contains(method.getName()) || THROWING.contains(method.getName()))
                || resourceClass == null
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
        ObjectMapper json = TaskRefusalAnswers.restJson(providers);
        (DECIDING.contains(method.getName()) ? check.get().refusal(taskId, body, json)
                : check.get().refusalOfVariablesWithoutDecision(taskId, body, json))
                .ifPresent(refused -> request.abortWith(TaskRefusalAnswers.response(refused, json)));
    }

    private Optional<TaskSubmissionCheck> check() {
        WebApplicationContext spring = servletContext == null ? null
                : WebApplicationContextUtils.getWebApplicationContext(servletContext);
        return spring == null ? Optional.empty()
                : spring.getBeanProvider(TaskSubmissionCheck.class).stream().findFirst();
    }

    /**
     * Registers the filter, the check of an absent body ({@link CamundaBodyCheck}), and the answers to a refusal that
     * reaches the engine ({@link TaskRefusalAnswers}), in
     * every Jersey application that serves the engine REST API.
     */
    public static class Discovery implements AutoDiscoverable {

        @Override
        public void configure(FeatureContext context) {
            for (Class<?> provider : List.of(TaskSubmissionFilter.class, CamundaBodyCheck.class,
                    TaskRefusalAnswers.ForRestException.class,
                    TaskRefusalAnswers.ForEngineException.class, TaskRefusalAnswers.ForAnyException.class)) {
                if (!context.getConfiguration().isRegistered(provider)) {
                    context.register(provider);
                }
            }
        }
    }
}
