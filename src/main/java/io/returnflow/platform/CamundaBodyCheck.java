package io.returnflow.platform;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Refuses, in Camunda's format, a JSON Content-Type with an empty or {@code null} body where the resource method
 * reads a body (every query, a completion, a start), which would otherwise get no object and dereference it: 400.
 * A method that reads none (unclaim, a job's execution, an external task's unlock) takes the same request as one
 * without a body, as HTTP clients send it with their default Content-Type.
 *
 * <p>{@link CamundaRequestCheck} has read the body already and notes what it found; only here, after matching, is
 * the resource method known. Registered in every engine REST application by {@link TaskSubmissionFilter.Discovery}.
 */
public class CamundaBodyCheck implements ContainerRequestFilter {

    @Context
    private ResourceInfo resource;
    @Context
    private HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        Object absent = servletRequest == null ? null : servletRequest.getAttribute(CamundaRequestCheck.ABSENT_BODY);
        Method method = resource == null ? null : resource.getResourceMethod();
        if (absent == null || method == null || !readsBody(method)) {
            return;
        }
        request.abortWith(Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(CamundaPaths.invalidRequest("The body is " + absent
                        + ": send the JSON object its Content-Type announces, or no Content-Type")).build());
    }

    /** Whether the method has an entity parameter: one that JAX-RS fills from nothing but the body. */
    static boolean readsBody(Method method) {
        return Arrays.stream(method.getParameterAnnotations()).anyMatch(annotations -> Arrays.stream(annotations)
                .map(Annotation::annotationType)
                .noneMatch(type -> type.getPackageName().startsWith("jakarta.ws.rs")
                        || type.getPackageName().startsWith("org.glassfish.jersey")));
    }
}
