package io.returnflow.platform;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A request's path as the logs may show it. The buyer's return link token travels in the path of the buyer's page
 * calls ({@code /returns/api/links/{token}/...}) and opens the buyer's return for weeks: a log line shows its
 * segment masked. Every log line that names a request's path goes through here.
 */
public final class LoggedPaths {

    static final String MASK = "***";
    private static final Pattern LINK_TOKEN = Pattern.compile("(/returns/api/links/)[^/?#;]+");

    private LoggedPaths() {
    }

    /** The path (or URI) with any link token masked; "?" for none. */
    public static String of(Object path) {
        return path == null ? "?" : LINK_TOKEN.matcher(path.toString()).replaceAll("$1" + MASK);
    }

    /** "METHOD path" of the request, its link token masked. */
    public static String of(HttpServletRequest request) {
        return request == null ? "?" : request.getMethod() + " " + of(request.getRequestURI());
    }
}
