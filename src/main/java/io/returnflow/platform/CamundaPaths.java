package io.returnflow.platform;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where Camunda answers for itself: the engine REST API ({@code /engine-rest}) and the webapps with their API
 * ({@code /camunda}). ReturnFlow's own request checks leave these paths to Camunda, which answers in its own format.
 */
final class CamundaPaths {

    /** The engine REST API's paths. */
    static final String ENGINE_REST = "/engine-rest/";
    /** The webapps' own API (Tasklist's and Cockpit's engine API, the admin API, plugins). */
    static final String WEBAPP_API = "/camunda/api/";

    private CamundaPaths() {
    }

    /** Camunda's own error answer to a request it refuses: {@code {"type": "InvalidRequestException", ...}}. */
    static Map<String, Object> invalidRequest(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "InvalidRequestException");
        body.put("message", message);
        body.put("code", null);
        return body;
    }

    /** The request's path within the application (without the context path). */
    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    static boolean isCamundas(HttpServletRequest request) {
        String path = path(request);
        return path.startsWith(ENGINE_REST) || path.startsWith("/camunda/");
    }
}
