package io.returnflow.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A user logged in to Tasklist, calling the engine REST API as the Tasklist webapp does
 * ({@code /camunda/api/engine/engine/default/...}): with the session cookie and the CSRF token of the session.
 */
public final class TasklistSession {

    /** The engine REST API Tasklist calls. */
    public static final String ENGINE = "/camunda/api/engine/engine/default";

    private final HttpClient http;
    private final CookieManager cookies;
    private final String base;

    private TasklistSession(HttpClient http, CookieManager cookies, String base) {
        this.http = http;
        this.cookies = cookies;
        this.base = base;
    }

    /** Logs the user in (the demo users' password is their id). */
    public static TasklistSession login(int port, String user) throws IOException, InterruptedException {
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
        TasklistSession tasklist = new TasklistSession(http, cookies, "http://localhost:" + port);
        tasklist.send("GET", "/camunda/app/tasklist/default/", null, null);
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpResponse<String> login = tasklist.send("POST", "/camunda/api/admin/auth/user/default/login/tasklist",
                "application/x-www-form-urlencoded", form);
        if (login.statusCode() != 200) {
            throw new IllegalStateException("Tasklist login of " + user + ": " + login.statusCode() + " " + login.body());
        }
        // the logged-in session's token
        tasklist.send("GET", "/camunda/api/engine/engine/", null, null);
        return tasklist;
    }

    /** A call of Tasklist's engine REST API, {@code path} after {@link #ENGINE}, with a JSON body or none. */
    public HttpResponse<String> engine(String method, String path, String json) throws IOException, InterruptedException {
        return send(method, ENGINE + path, json == null ? null : "application/json", json);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Accept", "application/json").header("Origin", base)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        String token = null;
        for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
            if ("XSRF-TOKEN".equals(cookie.getName())) {
                token = cookie.getValue();
            }
        }
        if (token != null) {
            request.header("X-XSRF-TOKEN", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
