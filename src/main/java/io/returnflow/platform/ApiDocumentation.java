package io.returnflow.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springdoc.core.filters.OpenApiMethodFilter;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The HTTP contract as an OpenAPI 3.1 document, generated from the controllers: {@code /v3/api-docs} is the
 * product's API and the webhook receivers, {@code /v3/api-docs/sandbox} the sandbox providers (present only when
 * they run), Swagger UI at {@code /swagger-ui.html}. Controllers say what they do (springdoc annotations), who may
 * call them ({@link ApiRoles}) and which problems they answer ({@link ProblemResponses}); what all share (the
 * problem schema and its examples, the headers, the role check's answers) is added here, once. The document is
 * the same under every profile, and a copy is checked in ({@code src/main/resources/openapi/}), which the build
 * lints.
 */
@Configuration
public class ApiDocumentation {

    /** The contract's version: a new one when a path, field or status code is renamed or removed. */
    public static final String CONTRACT_VERSION = "1.0.0";
    public static final String SANDBOX_GROUP = "sandbox";

    static final String BASIC_AUTH = "basicAuth";
    static final String API_KEY_AUTH = "apiKey";
    static final String STORE_SESSION_AUTH = "storePageSession";
    static final String STORE_CSRF_AUTH = "storePageCsrfToken";
    public static final String SANDBOX_SECRET_KEY = "sandboxSecretKey";
    static final String PROBLEM_SCHEMA = "Problem";
    static final String RETRY_AFTER = "Retry-After";
    static final String LOCATION = "Location";
    static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String COMPONENTS = "#/components/";
    private static final String PROBLEM_EXAMPLE_PREFIX = "problem-";
    /** The answer of every operation for what the web server refuses before the operation reads the request. */
    private static final String WEB_SERVER_PROBLEM = "WebServerProblem";
    private static final String NULL = "null";
    private static final List<String> PRODUCT_PATHS = List.of("/api/", "/webhooks/", StorePageSecurity.SESSION_PATH,
            ReturnPageSecurity.API_PATH);
    /** Examples whose file name starts so belong to the sandbox's document. */
    private static final String SANDBOX_EXAMPLES = "sandbox-";
    private static final String EXAMPLES = "classpath*:openapi/examples/*.json";

    public static final String TAG_RETURNS = "Returns";
    public static final String TAG_BEFORE_A_RETURN = "Before a return";
    public static final String TAG_RETURN_LINKS = "Return links";
    public static final String TAG_BUYER_PAGE = "Buyer's return page";
    public static final String TAG_STORE_COUNTER = "Store counter";
    public static final String TAG_STORE_PAGE = "Clerk's page session";
    public static final String TAG_STORES = "Stores";
    public static final String TAG_STORE_SHIPMENTS = "Store shipments";
    public static final String TAG_CARRIER_INBOX = "Carrier inbox";
    public static final String TAG_SETTLEMENT = "Settlement";
    public static final String TAG_MODELS = "Models";
    public static final String TAG_API_KEYS = "API keys";
    public static final String TAG_EVENTS = "Events";
    public static final String TAG_WEBHOOKS = "Webhooks";
    public static final String TAG_SANDBOX_CARRIER = "Sandbox carrier";
    public static final String TAG_SANDBOX_PAYMENTS = "Sandbox payment provider";
    public static final String TAG_SANDBOX_SMS = "Sandbox SMS provider";
    public static final String TAG_NOTIFICATIONS = "Messages to the buyer";
    public static final String TAG_SANDBOX_MAILBOX = "Sandbox mailbox";
    public static final String TAG_SANDBOX_MERCHANT_RECEIVER = "Sandbox merchant receiver";
    public static final String TAG_EXCHANGES = "Exchanges";
    public static final String TAG_SANDBOX_COMMERCE = "Sandbox shop";
    public static final String TAG_SANDBOX_STORE_CREDIT = "Sandbox store-credit system";

    /** The tags of the product's document, in the order a reader meets them. */
    private static final Map<String, String> TAGS = tags(
            TAG_RETURNS, "A buyer's return: create it, follow it, cancel it. The journey behind it is BPMN "
                    + "(`processes/return-journey.bpmn`).",
            TAG_BEFORE_A_RETURN, "What a storefront asks before the buyer commits: the quote, the pickup windows, "
                    + "the drop-off stores.",
            TAG_RETURN_LINKS, "The merchant sends the buyer a link to the buyer's return page (`/returns/`), made from "
                    + "the order: the buyer chooses what goes back, why and how, without an account.",
            TAG_BUYER_PAGE, "The calls of the buyer's return page. No HTTP Basic: the return link's signed token in "
                    + "the path is the credential (404 when forged, 410 `link-expired` when its time is up), and "
                    + "each link's calls are counted (429 `too-many-requests`).",
            TAG_STORE_COUNTER, "The clerk's side of a drop-off (核销): who the clerk is, what a code stands for, "
                    + "checking the parcel in.",
            TAG_STORE_PAGE, "The clerk's page (`/store/`) logs in with a server session: its cookie, HttpOnly and "
                    + "`SameSite=Strict`, then opens the counter's calls, and each change made with it carries the "
                    + "session's CSRF token. API clients use their own credentials instead.",
            TAG_STORES, "Operations manage the store network and bind clerks to stores.",
            TAG_STORE_SHIPMENTS, "A store's consolidated shipments (批量寄件) to the warehouse.",
            TAG_CARRIER_INBOX, "What the carrier pushed and ReturnFlow parked, and the tracking subscriptions: "
                    + "operations look, and put entries back in line.",
            TAG_SETTLEMENT, "Carrier statements reconciled against the freight ledger (对账).",
            TAG_MODELS, "Which version of each BPMN and DMN model runs, and whether a release replaced an analyst's.",
            TAG_API_KEYS, "Operations give each merchant system (or other integration) its own API key, scoped to "
                    + "roles, and revoke it when it leaks or the system goes.",
            TAG_EVENTS, "What happened to returns, for the merchant's systems: pushed, signed, to the endpoints they "
                    + "register, or read in order by polling.",
            TAG_NOTIFICATIONS, "What the buyer is told at each step, by e-mail and SMS: the templates operations edit "
                    + "without a release, and the messages each return's buyer was sent.",
            TAG_WEBHOOKS, "What the carrier and the payment provider push. No HTTP Basic: each push is believed only "
                    + "when its provider's signature verifies (401 otherwise, and nothing changes).",
            TAG_EXCHANGES, "The merchant's shop answers the exchange orders ReturnFlow placed (the replacement items "
                    + "a return exchanges).");

    @Bean
    OpenAPI returnFlowApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("ReturnFlow API")
                        .version(CONTRACT_VERSION)
                        .summary("Returns orchestration: home pickup, store drop-off, refunds that run by themselves.")
                        .description(text("openapi/description.md"))
                        .contact(new Contact().name("ReturnFlow").url("https://returnflow.dev"))
                        .license(license()))
                // relative: the document is the same whatever host and port serve it
                .servers(List.of(new Server().url("/").description("The ReturnFlow that serves this document")))
                .tags(TAGS.entrySet().stream()
                        .map(t -> new Tag().name(t.getKey()).description(t.getValue())).toList())
                .components(new Components()
                        .addSecuritySchemes(BASIC_AUTH, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("HTTP Basic against the engine's identity service (the users and groups "
                                        + "of Camunda Admin). The groups a user is in are the roles it has. For "
                                        + "people: after a wrong password the engine locks the user for a while."))
                        .addSecuritySchemes(API_KEY_AUTH, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("rfk_<id>_<secret>")
                                .description("An API key (`Authorization: Bearer rfk_…`), for merchant systems and "
                                        + "other integrations. Operations create one per system with the roles it "
                                        + "needs (`POST /api/api-keys`; shown once, only its hash is kept) and "
                                        + "revoke it. A wrong, unknown or revoked key is answered 401 and locks "
                                        + "nothing. Keys carry the roles `merchant-api`, `customer-service`, "
                                        + "`warehouse`, `ops`, `analyst`, `monitoring`; an operation lists the ones "
                                        + "that may call it.")));
    }

    /** The shared pieces of the product's document: the problem schema and examples, the headers, the answers. */
    @Bean
    OpenApiCustomizer sharedApiComponents(ObjectMapper json) {
        return api -> {
            Components components = api.getComponents();
            boolean openApi31 = api.getSpecVersion() == io.swagger.v3.oas.models.SpecVersion.V31;
            ModelConverters.getInstance(openApi31).readAll(new AnnotatedType(ProblemBody.class))
                    .forEach(components::addSchemas);
            for (ProblemType type : ProblemType.values()) {
                components.addExamples(PROBLEM_EXAMPLE_PREFIX + type.typeName(), problemExample(type));
            }
            examples(json).entrySet().stream().filter(example -> !example.getKey().startsWith(SANDBOX_EXAMPLES))
                    .forEach(example -> components.addExamples(example.getKey(), example.getValue()));
            components.addResponses(WEB_SERVER_PROBLEM, webServerProblem());
            components.addHeaders(RETRY_AFTER, new Header()
                    .description("Seconds to wait before trying again.")
                    .schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE)).example(42));
            components.addHeaders(LOCATION, new Header()
                    .description("Where the resource lives (a path of this API).")
                    .schema(new StringSchema().format("uri-reference")).example("/api/returns/R-8F3K2Q"));
            sortTags(api);
            requiredAreNotNull(api);
        };
    }

    /**
     * The product's document ({@code /v3/api-docs}): the API and the webhook receivers. Not a global
     * {@code springdoc.paths-to-match}, which would win over the sandbox group's own paths.
     */
    @Bean
    OpenApiMethodFilter productApiOnly() {
        return method -> {
            RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(),
                    RequestMapping.class);
            RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
            String prefix = type == null || type.path().length == 0 ? "" : type.path()[0];
            String path = prefix + (mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0]);
            return PRODUCT_PATHS.stream().anyMatch(path::startsWith);
        };
    }

    /**
     * JSON answers carry every member, {@code null} included ({@code spring.jackson.default-property-inclusion:
     * always}), and a request may send {@code null} for any member it may leave out: a property may be
     * {@code null} unless it is a Java primitive or required ({@code @NotNull}, {@code @NotBlank},
     * {@code @NotEmpty}, or {@code @Schema(requiredMode = REQUIRED)}).
     */
    @Bean
    PropertyCustomizer nullableUnlessRequired() {
        return (property, type) -> {
            if (property == null || isPrimitive(type) || isRequired(type.getCtxAnnotations())) {
                return property;
            }
            if (property.get$ref() != null || property.getEnum() != null) {
                io.swagger.v3.oas.models.media.Schema<?> value = property;
                io.swagger.v3.oas.models.media.Schema<Object> nullable = new JsonSchema()
                        .anyOf(List.of(value, new JsonSchema().types(new LinkedHashSet<>(List.of(NULL)))));
                nullable.setDescription(value.getDescription());
                value.setDescription(null);
                return nullable;
            }
            if (property.getTypes() != null && !property.getTypes().isEmpty() && !property.getTypes().contains(NULL)) {
                property.addType(NULL);
            }
            return property;
        };
    }

    /**
     * What {@link #nullableUnlessRequired()} cannot see from a property alone: a property its schema requires, and an
     * element of a list, is never {@code null}.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void requiredAreNotNull(OpenAPI api) {
        if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
            return;
        }
        for (io.swagger.v3.oas.models.media.Schema<?> schema : api.getComponents().getSchemas().values()) {
            if (schema.getProperties() == null) {
                continue;
            }
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            Map<String, io.swagger.v3.oas.models.media.Schema> properties = (Map) schema.getProperties();
            properties.replaceAll((name, property) -> {
                if (property.getItems() != null) {
                    property.setItems(notNull(property.getItems()));
                }
                return required.contains(name) ? notNull(property) : property;
            });
        }
    }

    private static io.swagger.v3.oas.models.media.Schema<?> notNull(io.swagger.v3.oas.models.media.Schema<?> property) {
        List<io.swagger.v3.oas.models.media.Schema> anyOf = property.getAnyOf();
        if (anyOf != null && anyOf.size() == 2 && anyOf.get(1).getTypes() != null
                && anyOf.get(1).getTypes().equals(java.util.Set.of(NULL))) {
            io.swagger.v3.oas.models.media.Schema<?> value = anyOf.get(0);
            if (property.getDescription() != null) {
                value.setDescription(property.getDescription());
            }
            return value;
        }
        if (property.getTypes() != null && property.getTypes().size() > 1) {
            property.getTypes().remove(NULL);
        }
        return property;
    }

    private static boolean isPrimitive(AnnotatedType type) {
        return type.getType() != null && TypeFactory.defaultInstance().constructType(type.getType()).isPrimitive();
    }

    private static boolean isRequired(Annotation[] annotations) {
        if (annotations == null) {
            return false;
        }
        return Arrays.stream(annotations).anyMatch(a -> a instanceof NotNull || a instanceof NotBlank
                || a instanceof NotEmpty
                || a instanceof Schema s && s.requiredMode() == Schema.RequiredMode.REQUIRED);
    }

    /** The sandbox providers, in their own document: they run only with the sandbox profile. */
    @Bean
    GroupedOpenApi sandboxApi(ObjectMapper json) {
        return GroupedOpenApi.builder()
                .group(SANDBOX_GROUP)
                .displayName("Sandbox providers")
                .pathsToMatch("/sandbox/**")
                .addOpenApiCustomizer(api -> {
                    api.info(new Info()
                            .title("ReturnFlow sandbox providers")
                            .version(CONTRACT_VERSION)
                            .summary("The carrier, the payment provider and the SMS provider simulated inside "
                                    + "ReturnFlow.")
                            .description(text("openapi/sandbox.md"))
                            .contact(new Contact().name("ReturnFlow").url("https://returnflow.dev"))
                            .license(license()));
                    api.tags(List.of(
                            new Tag().name(TAG_SANDBOX_CARRIER).description("Kdniao's endpoints, as the Kdniao "
                                    + "adapter calls them: the same envelope, signature and answers."),
                            new Tag().name(TAG_SANDBOX_PAYMENTS).description("The refund endpoints of the "
                                    + "Stripe-compatible API, as the payment adapter calls them."),
                            new Tag().name(TAG_SANDBOX_SMS).description("Alibaba Cloud SMS (SendSms, "
                                    + "QuerySendDetails), as the SMS adapter calls it, and the sandbox's outbox."),
                            new Tag().name(TAG_SANDBOX_MAILBOX).description("The e-mails the buyers were sent, as "
                                    + "the SMTP server inside the local run received them."),
                            new Tag().name(TAG_SANDBOX_MERCHANT_RECEIVER).description("A merchant system's webhook "
                                    + "receiver: register it as a webhook endpoint, give it the endpoint's secret, "
                                    + "take it down and up, and see what arrived."),
                            new Tag().name(TAG_SANDBOX_COMMERCE).description("The merchant's shop taking exchange "
                                    + "orders (README, \"Exchanges\"), as the commerce adapter calls it, and "
                                    + "answering pending ones through ReturnFlow's outcome API."),
                            new Tag().name(TAG_SANDBOX_STORE_CREDIT).description("A merchant's gift-card or credit "
                                    + "system speaking the store-credit protocol (README, \"Store credit\"), as the "
                                    + "store-credit adapter calls it, and the accounts it keeps.")));
                    if (api.getComponents() == null) {
                        api.setComponents(new Components());
                    }
                    if (api.getComponents().getSecuritySchemes() != null) {
                        api.getComponents().getSecuritySchemes().remove(BASIC_AUTH);
                        api.getComponents().getSecuritySchemes().remove(API_KEY_AUTH);
                    }
                    examples(json).entrySet().stream().filter(example -> example.getKey().startsWith(SANDBOX_EXAMPLES))
                            .forEach(example -> api.getComponents().addExamples(example.getKey(), example.getValue()));
                    requiredAreNotNull(api);
                    api.getComponents().addSecuritySchemes(SANDBOX_SECRET_KEY, new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP).scheme("bearer")
                            .description("The provider's secret key, `returnflow.payment.secret-key` "
                                    + "(`sk_test_sandbox` in the local run)."));
                })
                .build();
    }

    /**
     * The clerk's page's session ({@link StorePageSecurity}) in the product's document: its cookie and CSRF header
     * as security schemes, the log-in and the log-out (filters, which springdoc does not see), and the cookie on the
     * counter's calls it opens.
     */
    @Bean
    OpenApiCustomizer storePageSessionApi(StorePageProperties properties) {
        return api -> {
            String cookie = properties.session().cookieName();
            api.getComponents()
                    .addSecuritySchemes(STORE_SESSION_AUTH, new SecurityScheme()
                            .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.COOKIE).name(cookie)
                            .description("The clerk's page's session (`POST " + StorePageSecurity.LOGIN_PATH
                                    + "`): HttpOnly, `SameSite=Strict`, `Secure` over HTTPS; it ends after the "
                                    + "idle timeout or at the log-out. It opens only the counter's calls, and only "
                                    + "when the request has no `Authorization` header. For store clerks and admins."))
                    .addSecuritySchemes(STORE_CSRF_AUTH, new SecurityScheme()
                            .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                            .name(StorePageSecurity.CSRF_HEADER)
                            .description("The session's CSRF token, from the log-in's answer or `GET "
                                    + StorePageSecurity.SESSION_PATH + "` (`csrf.token`): every change made with "
                                    + "the session cookie carries it, else 403 `csrf-token`."));
            io.swagger.v3.oas.models.PathItem session = api.getPaths().get(StorePageSecurity.SESSION_PATH);
            if (session != null && session.getGet() != null) {
                // anyone may ask; the cookie, when sent, says who
                session.getGet().setSecurity(List.of(new SecurityRequirement(),
                        new SecurityRequirement().addList(STORE_SESSION_AUTH)));
            }
            api.getPaths().addPathItem(StorePageSecurity.LOGIN_PATH,
                    new io.swagger.v3.oas.models.PathItem().post(storePageLogIn(cookie)));
            api.getPaths().addPathItem(StorePageSecurity.LOGOUT_PATH,
                    new io.swagger.v3.oas.models.PathItem().post(storePageLogOut()));
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                String pattern = path.replaceAll("\\{[^}]+}", "*");
                boolean opened = StorePageSecurity.COUNTER_CALLS.stream().anyMatch(call ->
                        call.method().name().equals(method.name()) && call.pathPattern().equals(pattern));
                if (opened) {
                    withStorePageSession(operation, !"GET".equals(method.name()));
                }
            }));
        };
    }

    /** A counter's call the session cookie opens; a change needs the session's CSRF token as well. */
    private static void withStorePageSession(Operation operation, boolean change) {
        List<String> roles = operation.getSecurity() == null ? List.of() : operation.getSecurity().stream()
                .flatMap(requirement -> requirement.getOrDefault(BASIC_AUTH, List.of()).stream())
                .filter(role -> role.equals(Roles.STORE_CLERK) || role.equals(Roles.ADMIN)).distinct().toList();
        SecurityRequirement cookie = new SecurityRequirement().addList(STORE_SESSION_AUTH, roles);
        if (change) {
            cookie.addList(STORE_CSRF_AUTH);
        }
        List<SecurityRequirement> security = new ArrayList<>(
                operation.getSecurity() == null ? List.of() : operation.getSecurity());
        security.add(cookie);
        operation.setSecurity(security);
        operation.setDescription(withLine(operation.getDescription(), "**On the clerk's page**: the session cookie "
                + "instead, when the request has no `Authorization` header"
                + (change ? ", and the session's CSRF token in `" + StorePageSecurity.CSRF_HEADER + "`." : ".")));
        if (change) {
            addProblemResponses(operation, List.of(ProblemType.CSRF_TOKEN));
        }
    }

    private static Operation storePageLogIn(String cookie) {
        io.swagger.v3.oas.models.media.Schema<Object> form = new JsonSchema()
                .types(new LinkedHashSet<>(List.of("object")))
                .addProperty(StorePageSecurity.USERNAME, new JsonSchema()
                        .types(new LinkedHashSet<>(List.of("string"))).description("The user's id.").example("clerk"))
                .addProperty(StorePageSecurity.PASSWORD, new JsonSchema()
                        .types(new LinkedHashSet<>(List.of("string"))).format("password")
                        .description("The user's password."))
                .required(List.of(StorePageSecurity.USERNAME, StorePageSecurity.PASSWORD));
        Operation operation = new Operation()
                .operationId("logInToStorePage")
                .summary("Log in on the clerk's page")
                .description("Checks the password against the engine's identity service (its lockout after wrong "
                        + "passwords applies) and starts a session, with a new id, for a store clerk or an admin; "
                        + "the answer sets its cookie `" + cookie + "` and carries the session's CSRF token. The "
                        + "browser must say the log-in comes from the page itself: `"
                        + SameOriginLogIn.SEC_FETCH_SITE + ": same-origin`, or without it an `Origin` that is this "
                        + "server's own; else 403 `cross-site-login` and nobody is logged in.")
                .tags(List.of(TAG_STORE_PAGE))
                .addParametersItem(new io.swagger.v3.oas.models.parameters.HeaderParameter()
                        .name(SameOriginLogIn.SEC_FETCH_SITE)
                        .description("Where the browser says the request comes from; only `same-origin` logs in.")
                        .schema(new JsonSchema().types(new LinkedHashSet<>(List.of("string"))))
                        .example("same-origin"))
                .addParametersItem(new io.swagger.v3.oas.models.parameters.HeaderParameter()
                        .name(org.springframework.http.HttpHeaders.ORIGIN)
                        .description("Read only without `" + SameOriginLogIn.SEC_FETCH_SITE + "`: must be this "
                                + "server's own origin (scheme, host and port).")
                        .schema(new JsonSchema().types(new LinkedHashSet<>(List.of("string"))))
                        .example("https://returns.example.com"))
                .requestBody(new io.swagger.v3.oas.models.parameters.RequestBody().required(true)
                        .content(new Content().addMediaType(
                                org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                                new MediaType().schema(form))))
                .security(List.of())
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse()
                        .description("Logged in: who, and the session's CSRF token.")
                        .addHeaderObject("Set-Cookie", new Header()
                                .description("The session cookie `" + cookie + "`, HttpOnly and `SameSite=Strict`.")
                                .schema(new JsonSchema().types(new LinkedHashSet<>(List.of("string")))))
                        .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                                new MediaType().schema(new io.swagger.v3.oas.models.media.Schema<>()
                                        .$ref(COMPONENTS + "schemas/StorePageSession"))))));
        addProblemResponses(operation, List.of(ProblemType.VALIDATION, ProblemType.LOGIN_FAILED,
                ProblemType.NOT_A_STORE_CLERK, ProblemType.CROSS_SITE_LOGIN, ProblemType.INTERNAL));
        operation.getResponses().addApiResponse("default",
                new ApiResponse().$ref(COMPONENTS + "responses/" + WEB_SERVER_PROBLEM));
        return operation;
    }

    private static Operation storePageLogOut() {
        Operation operation = new Operation()
                .operationId("logOutOfStorePage")
                .summary("Log out of the clerk's page")
                .description("Ends the session on every node; its cookie and CSRF token open nothing after it.")
                .tags(List.of(TAG_STORE_PAGE))
                .security(List.of(new SecurityRequirement().addList(STORE_SESSION_AUTH).addList(STORE_CSRF_AUTH)))
                .responses(new ApiResponses().addApiResponse("204", new ApiResponse().description("Logged out.")));
        addProblemResponses(operation, List.of(ProblemType.CSRF_TOKEN, ProblemType.INTERNAL));
        operation.getResponses().addApiResponse("default",
                new ApiResponse().$ref(COMPONENTS + "responses/" + WEB_SERVER_PROBLEM));
        return operation;
    }

    /**
     * Each operation's security (the roles of {@link ApiRoles}, or none: a webhook or sandbox verifies its
     * provider's signature or key itself) and its problem answers ({@link ProblemResponses}, and those of the role
     * check and of a bug).
     */
    @Bean
    GlobalOperationCustomizer rolesAndProblems() {
        return (operation, handler) -> {
            ApiRoles roles = handler.getMethodAnnotation(ApiRoles.class);
            ProblemResponses problems = handler.getMethodAnnotation(ProblemResponses.class);
            List<ProblemType> types = new ArrayList<>(problems == null ? List.of() : List.of(problems.value()));
            if (roles != null) {
                List<SecurityRequirement> security = new ArrayList<>();
                security.add(new SecurityRequirement().addList(BASIC_AUTH, List.of(roles.value())));
                List<String> keyRoles = Arrays.stream(roles.value()).filter(Roles.API_KEY_ROLES::contains).toList();
                if (roles.apiKeys() && !keyRoles.isEmpty()) {
                    security.add(new SecurityRequirement().addList(API_KEY_AUTH, keyRoles));
                }
                operation.setSecurity(security);
                operation.setDescription(withLine(operation.getDescription(), "**Roles** (any one): "
                        + Arrays.stream(roles.value()).map(r -> "`" + r + "`").collect(Collectors.joining(", "))
                        + "."));
                types.add(ProblemType.UNAUTHORIZED);
                types.add(ProblemType.FORBIDDEN);
            } else if (operation.getSecurity() == null) {
                operation.setSecurity(List.of());
            }
            if (roles != null || problems != null) {
                types.add(ProblemType.INTERNAL);
            }
            addProblemResponses(operation, types);
            if (!handler.getBeanType().getPackageName().endsWith(".sandbox")) {
                operation.getResponses().addApiResponse("default",
                        new ApiResponse().$ref(COMPONENTS + "responses/" + WEB_SERVER_PROBLEM));
            }
            // a header that is a reference has no siblings: springdoc adds its default style to annotated ones
            operation.getResponses().values().stream().filter(r -> r.getHeaders() != null)
                    .flatMap(r -> r.getHeaders().values().stream()).filter(h -> h.get$ref() != null)
                    .forEach(h -> h.setStyle(null));
            return operation;
        };
    }

    /**
     * The problem answers of {@code types}, one response per status; a status that already has problem answers
     * keeps them, the new types added.
     */
    private static void addProblemResponses(Operation operation, List<ProblemType> types) {
        Map<Integer, List<ProblemType>> byStatus = new TreeMap<>();
        List<ProblemType> all = new ArrayList<>();
        types.forEach(t -> all.addAll(problemsAnswered(operation, t.status().value())));
        all.addAll(types);
        all.stream().distinct().forEach(t -> byStatus.computeIfAbsent(t.status().value(), s -> new ArrayList<>()).add(t));
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        byStatus.forEach((status, ofStatus) -> {
            MediaType media = new MediaType().schema(new io.swagger.v3.oas.models.media.Schema<>()
                    .$ref(COMPONENTS + "schemas/" + PROBLEM_SCHEMA));
            ofStatus.forEach(t -> media.addExamples(t.typeName(), new Example()
                    .$ref(COMPONENTS + "examples/" + PROBLEM_EXAMPLE_PREFIX + t.typeName())));
            ApiResponse response = new ApiResponse()
                    .description(ofStatus.size() == 1
                            ? ofStatus.get(0).title() + " (`" + ofStatus.get(0).typeName() + "`): "
                                    + ofStatus.get(0).meaning()
                            : ofStatus.stream().map(t -> "- `" + t.typeName() + "`: " + t.meaning())
                                    .collect(Collectors.joining("\n")))
                    .content(new Content().addMediaType(PROBLEM_JSON, media));
            if (status == 429 || status == 503) {
                response.addHeaderObject(RETRY_AFTER, new Header().$ref(COMPONENTS + "headers/" + RETRY_AFTER));
            }
            operation.getResponses().addApiResponse(String.valueOf(status), response);
        });
    }

    /** The problem types {@code operation} already answers with {@code status}, by their examples. */
    private static List<ProblemType> problemsAnswered(Operation operation, int status) {
        ApiResponse response = operation.getResponses() == null ? null
                : operation.getResponses().get(String.valueOf(status));
        MediaType media = response == null || response.getContent() == null ? null
                : response.getContent().get(PROBLEM_JSON);
        if (media == null || media.getExamples() == null) {
            return List.of();
        }
        return media.getExamples().keySet().stream().flatMap(name -> Arrays.stream(ProblemType.values())
                .filter(t -> t.typeName().equals(name))).toList();
    }

    /**
     * Any other error status: what the web server, the security firewall or Spring MVC answer before the operation
     * reads the request (a URL that is not valid HTTP, a method or media type the path does not take, ...).
     */
    private static ApiResponse webServerProblem() {
        MediaType media = new MediaType().schema(new io.swagger.v3.oas.models.media.Schema<>()
                .$ref(COMPONENTS + "schemas/" + PROBLEM_SCHEMA));
        ProblemType.webServerTypes().forEach(t -> media.addExamples(t.typeName(), new Example()
                .$ref(COMPONENTS + "examples/" + PROBLEM_EXAMPLE_PREFIX + t.typeName())));
        return new ApiResponse()
                .description("Refused before the operation read the request; `status` and `type` say why:\n"
                        + ProblemType.webServerTypes().stream().map(t -> "- " + t.status().value() + " `"
                                + t.typeName() + "`: " + t.meaning()).collect(Collectors.joining("\n")))
                .content(new Content().addMediaType(PROBLEM_JSON, media));
    }

    private static Example problemExample(ProblemType type) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", type.uri().toString());
        value.put("title", type.title());
        value.put("status", type.status().value());
        value.put("detail", type.exampleDetail());
        value.putAll(type.exampleExtras());
        return new Example().summary(type.title() + " (" + type.typeName() + ")").description(type.meaning())
                .value(value);
    }

    /**
     * The request and answer examples ({@code src/main/resources/openapi/examples/}), one OpenAPI Example Object per
     * file, named by the file.
     */
    private static Map<String, Example> examples(ObjectMapper json) {
        try {
            Resource[] files = new PathMatchingResourcePatternResolver().getResources(EXAMPLES);
            Map<String, Example> examples = new TreeMap<>();
            for (Resource file : files) {
                String name = file.getFilename().substring(0, file.getFilename().length() - ".json".length());
                try (InputStream in = file.getInputStream()) {
                    examples.put(name, json.readValue(in, Example.class));
                }
            }
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the API examples", e);
        }
    }

    private static void sortTags(OpenAPI api) {
        if (api.getTags() == null) {
            return;
        }
        List<String> order = List.copyOf(TAGS.keySet());
        api.getTags().sort(Comparator.comparingInt(t -> order.contains(t.getName())
                ? order.indexOf(t.getName()) : order.size()));
    }

    private static License license() {
        return new License().name("Proprietary").identifier("LicenseRef-Proprietary");
    }

    private static Map<String, String> tags(String... namesAndDescriptions) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < namesAndDescriptions.length; i += 2) {
            tags.put(namesAndDescriptions[i], namesAndDescriptions[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(tags);
    }

    private static String withLine(String description, String line) {
        return description == null || description.isBlank() ? line : description + "\n\n" + line;
    }

    static String text(String classpathResource) {
        try (InputStream in = ApiDocumentation.class.getClassLoader().getResourceAsStream(classpathResource)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + classpathResource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The body of every problem (RFC 9457), as {@link ProblemHandlers} writes it. Only {@code type}, {@code title},
     * {@code status} and {@code detail} are always there; the others come with the problem types that name them.
     */
    @Schema(name = PROBLEM_SCHEMA, description = "An error as RFC 9457 `application/problem+json`. The `type` says "
            + "which problem it is (`https://returnflow.dev/problems/…`, the web server's own refusals included); "
            + "clients branch on `type` and `status`, and show `detail`.")
    record ProblemBody(
            @Schema(description = "Which problem this is.", format = "uri",
                    example = "https://returnflow.dev/problems/open-return", requiredMode = Schema.RequiredMode.REQUIRED)
            String type,
            @Schema(description = "A short, fixed summary of the type.", example = "Conflict",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String title,
            @Schema(description = "The HTTP status.", example = "409", requiredMode = Schema.RequiredMode.REQUIRED)
            int status,
            @Schema(description = "What happened this time, for a person.",
                    example = "Order line L1 of order SO-10001 already has an open return R-8F3K2Q.",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String detail,
            @Schema(description = "The request's path.", format = "uri-reference", example = "/api/returns")
            String instance,
            @Schema(description = "`validation`, `not-a-clerk`: each field at fault; `csrf-token`, "
                    + "`cross-site-login`: the header at fault.")
            List<FieldErrorBody> errors,
            @Schema(description = "`not-eligible`: why the return policy refuses, one sentence per refused line.")
            List<String> reasons,
            @Schema(description = "`not-eligible`: the `REJECTED` return that records the refusal.",
                    example = "R-8F3K2Q")
            String returnId,
            @Schema(name = "return", description = "`not-eligible`: that return, in short.")
            RejectedReturnBody rejectedReturn,
            @Schema(description = "`too-many-attempts`, `unavailable`: seconds to wait, as in `Retry-After`.",
                    example = "42")
            Long retryAfter,
            @Schema(description = "`internal`: the reference to quote to support.",
                    example = "3f1c2a9e-5b7d-4e2f-9a61-0c8d7e6b5a43")
            String reference,
            @Schema(description = "`link-expired`: when the return link's time was up.",
                    example = "2026-12-10T10:00:00+08:00")
            java.time.OffsetDateTime expiredAt) {
    }

    @Schema(name = "ProblemFieldError", description = "A field at fault, by its JSON path in the request.")
    record FieldErrorBody(
            @Schema(example = "items[0].quantity", requiredMode = Schema.RequiredMode.REQUIRED) String field,
            @Schema(example = "must be greater than or equal to 1", requiredMode = Schema.RequiredMode.REQUIRED)
            String message) {
    }

    @Schema(name = "RejectedReturn", description = "The recorded refusal: a return in status `REJECTED`.")
    record RejectedReturnBody(
            @Schema(example = "R-8F3K2Q", requiredMode = Schema.RequiredMode.REQUIRED) String id,
            @Schema(example = "REJECTED", requiredMode = Schema.RequiredMode.REQUIRED) String status,
            @Schema(example = "/api/returns/R-8F3K2Q", requiredMode = Schema.RequiredMode.REQUIRED) String self) {
    }
}
