package io.returnflow.platform;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where Camunda answers for itself: the engine REST API ({@code /engine-rest}) and the webapps with their API
 * ({@code /camunda}). ReturnFlow's own request checks leave these paths to Camunda, which answers in its own format.
 */
final class CamundaPaths {

    private CamundaPaths() {
    }

    /** The request's path within the application (without the context path). */
    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    static boolean isCamundas(HttpServletRequest request) {
        String path = path(request);
        return path.startsWith("/engine-rest/") || path.startsWith("/camunda/");
    }
}
