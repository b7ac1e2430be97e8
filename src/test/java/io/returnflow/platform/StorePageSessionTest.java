package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The clerk's page's log-in session over real HTTP: no session before the log-in, a log-in only from the page
 * itself, the cookie's attributes, a new session id at log-in, CSRF tokens on every change made with the cookie,
 * log-out, the idle and absolute timeouts, the clerk checked again on each request and the sessions of a user the
 * identity service changes ended at once, the session in the database (another node knows it), and API clients untouched by any
 * of it.
 *
 * <p>Its wrong passwords and wrong codes leave the clerk briefly throttled (the engine's login delay, the counter's
 * wrong-code limit), so the context is not handed on to the next test class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class StorePageSessionTest {

    private static final String PREVIEW = "/api/stores/S-SZ-001/check-in-previews";
    /** A code with a wrong check character: answered 400 by the counter, once past the security filters. */
    private static final String ANY_CODE = "{\"code\":\"7K3Q-9XPM-2T\"}";

    @LocalServerPort
    int port;

    @Autowired
    StorePageProperties properties;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    IdentityService identity;

    @Autowired
    ObjectMapper json;

    @Autowired
    ProcessEngine engine;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theLogInGivesAnHttpOnlySameSiteCookieOfANewSession() throws Exception {
        Page page = openPage();
        assertThat(page.userId).isNull();

        Answer login = page.logIn("clerk", "clerk");

        assertThat(login.status).isEqualTo(200);
        assertThat(login.body.path("userId").asText()).isEqualTo("clerk");
        String cookie = login.setCookie(cookieName());
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/")
                // plain HTTP here: Secure only over HTTPS (secureOnlyOverHttps)
                .doesNotContain("Secure;").doesNotEndWith("Secure")
                // a session cookie: gone when the browser closes; the server ends the session when idle
                .doesNotContain("Max-Age").doesNotContain("Expires");
        page.sessionCookie = cookieValue(cookie);
        page.csrfToken = login.body.path("csrf").path("token").asText();
        assertThat(page.get("/api/store-clerks/me").status).isEqualTo(200);
        assertThat(page.post(PREVIEW, ANY_CODE).body.path("type").asText()).endsWith("/validation");
        // the page asking again gets the same session's token
        Answer again = page.get(StorePageSecurity.SESSION_PATH);
        assertThat(again.body.path("userId").asText()).isEqualTo("clerk");
        assertThat(again.body.path("csrf").path("token").asText()).isNotBlank();

        // session fixation: a log-in in a session that is open already gets a new session id and a new token
        String before = page.sessionCookie;
        String tokenBefore = page.csrfToken;
        Answer relogin = page.logIn("clerk", "clerk");
        assertThat(relogin.status).isEqualTo(200);
        page.sessionCookie = cookieValue(relogin.setCookie(cookieName()));
        assertThat(page.sessionCookie).isNotEqualTo(before);
        assertThat(new Page(before, null).get("/api/store-clerks/me").status).isEqualTo(401);
        assertThat(relogin.body.path("csrf").path("token").asText()).isNotBlank().isNotEqualTo(tokenBefore);
        assertThat(page.post(PREVIEW, ANY_CODE).status).isEqualTo(403);
        page.csrfToken = relogin.body.path("csrf").path("token").asText();
        assertThat(page.post(PREVIEW, ANY_CODE).body.path("type").asText()).endsWith("/validation");

        // the session lives as long as configured without a request
        Integer idleSeconds = jdbc.queryForObject("select max_inactive_interval from spring_session where session_id = ?",
                Integer.class, sessionId(page.sessionCookie));
        assertThat(idleSeconds).isEqualTo((int) properties.session().idleTimeout().toSeconds());
    }

    @Test
    void secureOnlyOverHttps() {
        assertThat(cookieOver(true)).contains("Secure").contains("HttpOnly").contains("SameSite=Strict");
        assertThat(cookieOver(false)).doesNotContain("Secure").contains("HttpOnly");
    }

    @Test
    void changesWithTheCookieNeedTheSessionsCsrfToken() throws Exception {
        Page page = loggedIn("clerk", "clerk");
        String token = page.csrfToken;

        page.csrfToken = null;
        Answer missing = page.post(PREVIEW, ANY_CODE);
        assertThat(missing.status).isEqualTo(403);
        assertThat(missing.contentType).startsWith("application/problem+json");
        assertThat(missing.body.path("type").asText()).endsWith("/csrf-token");
        assertThat(missing.body.path("errors").get(0).path("field").asText()).isEqualTo("X-CSRF-TOKEN");
        assertThat(missing.body.path("detail").asText()).contains("missing");

        page.csrfToken = Base64.getUrlEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
        Answer wrong = page.post(PREVIEW, ANY_CODE);
        assertThat(wrong.status).isEqualTo(403);
        assertThat(wrong.body.path("type").asText()).endsWith("/csrf-token");
        assertThat(page.post("/api/stores/S-SZ-001/check-ins", ANY_CODE).status).isEqualTo(403);

        // another session's token is no good either
        page.csrfToken = loggedIn("clerk", "clerk").csrfToken;
        assertThat(page.post(PREVIEW, ANY_CODE).status).isEqualTo(403);

        page.csrfToken = token;
        Answer right = page.post(PREVIEW, ANY_CODE);
        assertThat(right.body.path("type").asText()).as(right.body.toString()).endsWith("/validation");

        // the log-out needs the token too
        page.csrfToken = null;
        assertThat(page.post(StorePageSecurity.LOGOUT_PATH, null).status).isEqualTo(403);
        assertThat(page.get("/api/store-clerks/me").status).isEqualTo(200);
    }

    @Test
    void aVisitorWritesNoSession() throws Exception {
        int before = sessionRows();

        for (int i = 0; i < 50; i++) {
            openPage();
            for (String file : new String[] {"/store/", "/store/clerk.js", "/store/clerk.css", "/ui/house.css"}) {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri(file)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).as(file).isEqualTo(200);
                assertThat(page.headers().allValues("Set-Cookie")).as(file)
                        .noneMatch(c -> c.startsWith(cookieName() + "="));
            }
        }
        Page visitor = openPage();
        // changes without a session, refused as before: no session for them either
        assertThat(visitor.post(StorePageSecurity.LOGOUT_PATH, null).status).isEqualTo(403);
        assertThat(visitor.post(PREVIEW, ANY_CODE).status).isEqualTo(401);
        visitor.sessionCookie = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes());
        assertThat(visitor.post(PREVIEW, ANY_CODE).status).isIn(401, 403);
        assertThat(visitor.get("/api/store-clerks/me").status).isEqualTo(401);
        assertThat(visitor.logIn("nobody-" + UUID.randomUUID(), "any").status).isEqualTo(401);
        visitor.origin = "https://elsewhere.example";
        assertThat(visitor.logIn("clerk", "clerk").status).isEqualTo(403);

        assertThat(sessionRows()).isEqualTo(before);
    }

    @Test
    void onlyThePageItselfLogsIn() throws Exception {
        int before = sessionRows();
        Page page = openPage();

        page.origin = "https://elsewhere.example";
        Answer otherSite = page.logIn("clerk", "clerk");
        assertThat(otherSite.status).isEqualTo(403);
        assertThat(otherSite.contentType).startsWith("application/problem+json");
        assertThat(otherSite.body.path("type").asText()).endsWith("/cross-site-login");
        assertThat(otherSite.body.path("errors").findValuesAsText("field")).containsExactly("Origin");
        assertThat(otherSite.headers.allValues("Set-Cookie")).noneMatch(c -> c.startsWith(cookieName() + "="));

        page.origin = null;
        Answer noOrigin = page.logIn("clerk", "clerk");
        assertThat(noOrigin.status).isEqualTo(403);
        assertThat(noOrigin.body.path("errors").findValuesAsText("field")).containsExactly("Origin");

        // a browser's word on the request's origin comes before the Origin header
        page.origin = "http://localhost:" + port;
        page.fetchSite = "cross-site";
        Answer crossSite = page.logIn("clerk", "clerk");
        assertThat(crossSite.status).isEqualTo(403);
        assertThat(crossSite.body.path("type").asText()).endsWith("/cross-site-login");
        assertThat(crossSite.body.path("errors").findValuesAsText("field")).containsExactly("Sec-Fetch-Site");
        page.fetchSite = "same-site";
        assertThat(page.logIn("clerk", "clerk").status).isEqualTo(403);
        assertThat(sessionRows()).isEqualTo(before);

        page.origin = null;
        page.fetchSite = "same-origin";
        Answer fromThePage = page.logIn("clerk", "clerk");
        assertThat(fromThePage.status).as(fromThePage.body.toString()).isEqualTo(200);
        assertThat(fromThePage.body.path("userId").asText()).isEqualTo("clerk");
        assertThat(sessionRows()).isEqualTo(before + 1);
    }

    @Test
    void apiClientsNeedNoCsrfToken() throws Exception {
        HttpResponse<String> basic = http.send(HttpRequest.newBuilder(uri(PREVIEW))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("clerk:clerk".getBytes()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ANY_CODE)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(basic.statusCode()).as(basic.body()).isEqualTo(400);
        assertThat(basic.body()).contains("/validation");
        assertThat(basic.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(cookieName() + "="));
        // without credentials an API client is still challenged for Basic ones
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(uri("/api/store-clerks/me")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    }

    @Test
    void theSessionCookieOpensTheCounterOnly() throws Exception {
        Page admin = loggedIn("admin", "admin");
        assertThat(admin.get("/api/store-clerks/me").status).isEqualTo(200);
        // the rest of the API takes its own credentials, never the page's cookie
        assertThat(admin.get("/api/returns").status).isEqualTo(401);
        assertThat(admin.get("/actuator/metrics").status).isEqualTo(401);
    }

    @Test
    void logOutEndsTheSessionEverywhere() throws Exception {
        Page page = loggedIn("clerk", "clerk");
        String id = sessionId(page.sessionCookie);

        Answer logout = page.post(StorePageSecurity.LOGOUT_PATH, null);

        assertThat(logout.status).isEqualTo(204);
        assertThat(logout.setCookie(cookieName())).contains("Max-Age=0");
        assertThat(jdbc.queryForObject("select count(*) from spring_session where session_id = ?", Integer.class, id))
                .isZero();
        // the cookie, kept and sent again, opens nothing
        assertThat(page.get("/api/store-clerks/me").status).isEqualTo(401);
        assertThat(page.get(StorePageSecurity.SESSION_PATH).body.path("userId").isNull()).isTrue();
    }

    @Test
    void anIdleSessionEnds() throws Exception {
        Page page = loggedIn("clerk", "clerk");
        // the last request lies longer than the idle timeout ago
        jdbc.update("update spring_session set last_access_time = ?, expiry_time = ? where session_id = ?",
                1_000L, 1_000L + properties.session().idleTimeout().toMillis(), sessionId(page.sessionCookie));

        Answer me = page.get("/api/store-clerks/me");

        assertThat(me.status).isEqualTo(401);
        assertThat(me.contentType).startsWith("application/problem+json");
        assertThat(me.body.path("detail").asText()).contains("/store/session/login");
    }

    @Test
    void aBusySessionEndsAfterItsAbsoluteLifetime() throws Exception {
        Page page = loggedIn("clerk", "clerk");
        String id = sessionId(page.sessionCookie);
        assertThat(page.get("/api/store-clerks/me").status).isEqualTo(200);
        // the session started longer than the absolute lifetime ago, its last request a moment ago
        long started = System.currentTimeMillis() - properties.session().absoluteTimeout().toMillis() - 1_000L;
        jdbc.update("update spring_session set creation_time = ? where session_id = ?", started, id);

        Answer preview = page.post(PREVIEW, ANY_CODE);

        assertThat(preview.status).isEqualTo(401);
        assertThat(preview.contentType).startsWith("application/problem+json");
        assertThat(preview.body.path("detail").asText()).contains("/store/session/login");
        assertThat(sessionRows(id)).isZero();
        assertThat(page.get(StorePageSecurity.SESSION_PATH).body.path("userId").isNull()).isTrue();
        // a new log-in starts a new lifetime
        assertThat(loggedIn("clerk", "clerk").get("/api/store-clerks/me").status).isEqualTo(200);
    }

    @Test
    void aClerkTakenOutOfTheGroupLosesTheSessionOnTheNextCall() throws Exception {
        String userId = newClerk();
        try {
            Page page = loggedIn(userId, "right-one");
            String id = sessionId(page.sessionCookie);
            assertThat(page.get("/api/store-clerks/me").status).isEqualTo(200);
            // past the identity service (another tool, SQL): only the next request's check can see it
            jdbc.update("delete from act_id_membership where user_id_ = ?", userId);

            Answer me = page.get("/api/store-clerks/me");

            assertThat(me.status).isEqualTo(401);
            assertThat(me.contentType).startsWith("application/problem+json");
            assertThat(sessionRows(id)).isZero();
            assertThat(page.get(StorePageSecurity.SESSION_PATH).body.path("userId").isNull()).isTrue();
        } finally {
            identity.deleteUser(userId);
        }
    }

    @Test
    void thePagesFilesAskTheEngineNothingAndTheNextCallEndsTheSession() throws Exception {
        String userId = newClerk();
        try {
            Page page = loggedIn(userId, "right-one");
            String id = sessionId(page.sessionCookie);
            jdbc.update("delete from act_id_membership where user_id_ = ?", userId);

            HttpResponse<String> script = http.send(HttpRequest.newBuilder(uri("/store/clerk.js"))
                    .header("Cookie", cookieName() + "=" + page.sessionCookie).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            // a file needs no clerk: the check, and its queries, wait for the page's next call
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(sessionRows(id)).isEqualTo(1);
            assertThat(page.get(StorePageSecurity.SESSION_PATH).body.path("userId").isNull()).isTrue();
            assertThat(sessionRows(id)).isZero();
        } finally {
            identity.deleteUser(userId);
        }
    }

    @Test
    void aUserDeletedOrLockedForGoodLosesTheSessionOnTheNextCall() throws Exception {
        String deleted = newClerk();
        Page deletedPage = loggedIn(deleted, "right-one");
        jdbc.update("delete from act_id_membership where user_id_ = ?", deleted);
        jdbc.update("delete from act_id_user where id_ = ?", deleted);
        assertThat(deletedPage.post(PREVIEW, ANY_CODE).status).isEqualTo(401);
        assertThat(sessionRows(sessionId(deletedPage.sessionCookie))).isZero();

        String locked = newClerk();
        try {
            Page lockedPage = loggedIn(locked, "right-one");
            // the engine's short delay after a wrong password (anyone may type one) keeps the session
            jdbc.update("update act_id_user set attempts_ = 1, lock_exp_time_ = ? where id_ = ?",
                    new java.sql.Timestamp(System.currentTimeMillis() + 60_000L), locked);
            assertThat(lockedPage.get("/api/store-clerks/me").status).isEqualTo(200);
            // its lock after the last attempt, which only an admin lifts, does not
            int maxAttempts = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                    .getLoginMaxAttempts();
            jdbc.update("update act_id_user set attempts_ = ? where id_ = ?", maxAttempts, locked);
            assertThat(lockedPage.get("/api/store-clerks/me").status).isEqualTo(401);
        } finally {
            identity.deleteUser(locked);
        }
    }

    @Test
    void theIdentityServiceEndsTheSessionsOfAChangedUserAtOnce() throws Exception {
        String userId = newClerk();
        Page first = loggedIn(userId, "right-one");
        Page second = loggedIn(userId, "right-one");
        Page other = loggedIn("clerk", "clerk");

        // a new password: every session of the user ends, nobody else's
        User user = identity.createUserQuery().userId(userId).singleResult();
        user.setPassword("new-one");
        identity.saveUser(user);
        assertThat(sessionRows(sessionId(first.sessionCookie))).isZero();
        assertThat(sessionRows(sessionId(second.sessionCookie))).isZero();
        assertThat(first.get("/api/store-clerks/me").status).isEqualTo(401);
        assertThat(other.get("/api/store-clerks/me").status).isEqualTo(200);

        // other changes of the user keep the session
        Page third = loggedIn(userId, "new-one");
        user = identity.createUserQuery().userId(userId).singleResult();
        user.setFirstName("Renamed");
        identity.saveUser(user);
        assertThat(third.get("/api/store-clerks/me").status).isEqualTo(200);

        // out of the page's last group
        identity.deleteMembership(userId, Roles.STORE_CLERK);
        assertThat(sessionRows(sessionId(third.sessionCookie))).isZero();

        // deleted
        identity.createMembership(userId, Roles.STORE_CLERK);
        Page fourth = loggedIn(userId, "new-one");
        identity.deleteUser(userId);
        assertThat(sessionRows(sessionId(fourth.sessionCookie))).isZero();
        assertThat(other.get("/api/store-clerks/me").status).isEqualTo(200);
    }

    @Test
    void anotherNodeKnowsTheClerk() throws Exception {
        Page page = loggedIn("clerk", "clerk");

        // a second node: its own session repository, the same database, nothing shared in memory
        TransactionTemplate ownTransaction = new TransactionTemplate(transactions);
        Session session = new JdbcIndexedSessionRepository(jdbc, ownTransaction).findById(sessionId(page.sessionCookie));

        assertThat(session).isNotNull();
        SecurityContext context = session.getAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        assertThat(context.getAuthentication().getName()).isEqualTo("clerk");
        assertThat(context.getAuthentication().getCredentials()).isNull();
    }

    @Test
    void refusedLogInsSayWhy() throws Exception {
        Answer wrong = openPage().logIn("clerk", "not-the-password");
        assertThat(wrong.status).isEqualTo(401);
        assertThat(wrong.contentType).startsWith("application/problem+json");
        assertThat(wrong.body.path("type").asText()).endsWith("/login-failed");
        assertThat(wrong.headers.firstValue("WWW-Authenticate")).isEmpty();

        Page merchant = openPage();
        Answer notClerk = merchant.logIn("merchant", "merchant");
        assertThat(notClerk.status).isEqualTo(403);
        assertThat(notClerk.body.path("type").asText()).endsWith("/not-a-store-clerk");
        assertThat(merchant.get(StorePageSecurity.SESSION_PATH).body.path("userId").isNull()).isTrue();

        Answer empty = openPage().logIn(" ", "");
        assertThat(empty.status).isEqualTo(400);
        assertThat(empty.body.path("errors").findValuesAsText("field")).containsExactly("username", "password");
    }

    @Test
    void aWrongPasswordLocksTheUserForAWhileAsEverywhere() throws Exception {
        String userId = "lock" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
        User user = identity.newUser(userId);
        user.setPassword("right-one");
        identity.saveUser(user);
        identity.createMembership(userId, Roles.STORE_CLERK);
        // the engine's clock stands still: the lock cannot run out between the two tries
        ClockUtil.setCurrentTime(new Date());
        try {
            assertThat(openPage().logIn(userId, "wrong-one").status).isEqualTo(401);
            Answer locked = openPage().logIn(userId, "right-one");
            assertThat(locked.status).isEqualTo(401);
            assertThat(locked.body.path("type").asText()).endsWith("/login-failed");
        } finally {
            ClockUtil.reset();
            identity.deleteUser(userId);
        }
    }

    @Test
    void nothingAboutTheLogInIsInThePagesScript() throws IOException {
        String script = new String(getClass().getResourceAsStream("/static/store/clerk.js").readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(script).doesNotContain("sessionStorage.setItem").doesNotContain("btoa(")
                .doesNotContain("Authorization");
    }

    // ---------------------------------------------------------------------------------------------

    private int sessionRows(String sessionId) {
        return jdbc.queryForObject("select count(*) from spring_session where session_id = ?", Integer.class,
                sessionId);
    }

    /** A store clerk of their own, with the password {@code right-one}. */
    private String newClerk() {
        String userId = "clerk" + UUID.randomUUID().toString().substring(0, 8);
        User user = identity.newUser(userId);
        user.setPassword("right-one");
        identity.saveUser(user);
        identity.createMembership(userId, Roles.STORE_CLERK);
        return userId;
    }

    private int sessionRows() {
        return jdbc.queryForObject("select count(*) from spring_session", Integer.class);
    }

    private String cookieName() {
        return properties.session().cookieName();
    }

    private String cookieOver(boolean https) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSecure(https);
        MockHttpServletResponse response = new MockHttpServletResponse();
        StorePageSessions.cookieSerializer(properties.session()).writeCookieValue(
                new CookieSerializer.CookieValue(request, response, "id"));
        return response.getHeader("Set-Cookie");
    }

    /** The session cookie holds the session id, base64-encoded. */
    private static String sessionId(String cookieValue) {
        return new String(Base64.getDecoder().decode(cookieValue), StandardCharsets.UTF_8);
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Page openPage() throws Exception {
        Page page = new Page(null, null);
        Answer session = page.get(StorePageSecurity.SESSION_PATH);
        assertThat(session.status).isEqualTo(200);
        // nobody is logged in: no session, so no cookie and no token
        assertThat(session.body.path("userId").isNull()).isTrue();
        assertThat(session.body.path("csrf").isNull()).isTrue();
        assertThat(session.headers.allValues("Set-Cookie")).noneMatch(c -> c.startsWith(cookieName() + "="));
        return page;
    }

    private Page loggedIn(String user, String password) throws Exception {
        Page page = openPage();
        Answer login = page.logIn(user, password);
        assertThat(login.status).as(login.body.toString()).isEqualTo(200);
        page.sessionCookie = cookieValue(login.setCookie(cookieName()));
        page.csrfToken = login.body.path("csrf").path("token").asText();
        return page;
    }

    private record Answer(int status, String contentType, JsonNode body, java.net.http.HttpHeaders headers) {

        String setCookie(String name) {
            return headers.allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).findFirst()
                    .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + headers.map()));
        }
    }

    /** A browser tab on the clerk's page: the session cookie it holds and the CSRF token the page knows. */
    private final class Page {

        String sessionCookie;
        String csrfToken;
        String userId;
        /** The page's origin, as a browser sends it with the log-in; null for none. */
        String origin = "http://localhost:" + port;
        /** {@code Sec-Fetch-Site}, as a browser sends it; null for none. */
        String fetchSite;

        Page(String sessionCookie, String csrfToken) {
            this.sessionCookie = sessionCookie;
            this.csrfToken = csrfToken;
        }

        Answer get(String path) throws Exception {
            return send(request(path).GET());
        }

        Answer post(String path, String jsonBody) throws Exception {
            HttpRequest.Builder request = request(path);
            if (jsonBody != null) {
                request.header("Content-Type", "application/json");
            }
            return send(request.POST(jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(jsonBody)));
        }

        Answer logIn(String user, String password) throws Exception {
            String form = Map.of("username", user, "password", password).entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(request(StorePageSecurity.LOGIN_PATH)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .header("Accept", "application/json, application/problem+json")
                    .header("X-Requested-With", "XMLHttpRequest");
            if (sessionCookie != null) {
                request.header("Cookie", cookieName() + "=" + sessionCookie);
            }
            if (csrfToken != null) {
                request.header("X-CSRF-TOKEN", csrfToken);
            }
            if (origin != null) {
                request.header("Origin", origin);
            }
            if (fetchSite != null) {
                request.header("Sec-Fetch-Site", fetchSite);
            }
            return request;
        }

        private Answer send(HttpRequest.Builder request) throws Exception {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode parsed = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    parsed, response.headers());
        }
    }

}
