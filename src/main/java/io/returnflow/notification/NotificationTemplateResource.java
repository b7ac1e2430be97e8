package io.returnflow.notification;

import static io.returnflow.platform.ApiDocumentation.TAG_NOTIFICATIONS;
import static io.returnflow.platform.ProblemType.MALFORMED;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.OPS;

import java.security.Principal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnSnapshots;

/**
 * Operations edit what the buyer gets at each step, without a release: list the templates, read one, save a new
 * version (used from the next message on), and preview one rendered with sample values or a real return's.
 */
@RestController
@RequestMapping("/api/notification-templates")
@Tag(name = TAG_NOTIFICATIONS)
class NotificationTemplateResource {

    /** Matches {@code notification_templates.subject}. */
    static final int MAX_SUBJECT = 300;
    /** A template longer than this is a mistake (a pasted document), not a message. */
    static final int MAX_BODY = 10_000;

    private static final String TEMPLATE_PATH = "/{key}/{channel}/{language}";
    private static final String KEY = "The step: the event type that sends the message.";
    private static final String CHANNEL = "`email` or `sms`.";
    private static final String LANGUAGE = "`zh-CN` or `en`.";

    private final MessageTemplates templates;
    private final MessageValues values;
    private final ReturnRepository returns;
    private final ReturnSnapshots snapshots;
    private final NotificationProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    NotificationTemplateResource(MessageTemplates templates, MessageValues values, ReturnRepository returns,
                                 ReturnSnapshots snapshots, NotificationProperties properties, ObjectMapper json,
                                 Clock clock) {
        this.templates = templates;
        this.values = values;
        this.returns = returns;
        this.snapshots = snapshots;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping
    @Operation(operationId = "listNotificationTemplates", summary = "List the buyer's message templates",
            description = "Every step the buyer hears of, on each channel, in each language, with the placeholders "
                    + "it may use.")
    @ApiResponse(responseCode = "200", description = "The templates.", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = TemplateView.class))))
    @ProblemResponses({})
    @ApiRoles({OPS, ADMIN})
    public List<TemplateView> list() {
        Map<String, MessageTemplate> stored = new LinkedHashMap<>();
        templates.all().forEach(t -> stored.put(t.key() + "/" + t.channel() + "/" + t.language(), t));
        List<TemplateView> all = new ArrayList<>();
        for (String key : MessageSteps.keys()) {
            for (NotificationChannel channel : NotificationChannel.values()) {
                for (String language : MessageSteps.LANGUAGES) {
                    MessageTemplate t = stored.get(key + "/" + channel.value() + "/" + language);
                    if (t == null) {
                        t = templates.find(key, channel, language).orElseThrow();
                    }
                    all.add(TemplateView.of(t));
                }
            }
        }
        return all;
    }

    @GetMapping(TEMPLATE_PATH)
    @Operation(operationId = "getNotificationTemplate", summary = "Read a message template",
            description = "The template in force for this step, channel and language.")
    @ApiResponse(responseCode = "200", description = "The template.", content = @Content(
            schema = @Schema(implementation = TemplateView.class)))
    @ProblemResponses(NOT_FOUND)
    @ApiRoles({OPS, ADMIN})
    public TemplateView get(@Parameter(description = KEY, example = "dropoff.code_issued") @PathVariable String key,
                            @Parameter(description = CHANNEL, example = "email") @PathVariable String channel,
                            @Parameter(description = LANGUAGE, example = "zh-CN") @PathVariable String language) {
        return TemplateView.of(templates.find(key, channel(key, channel, language), language).orElseThrow());
    }

    @PutMapping(TEMPLATE_PATH)
    @Transactional
    @Operation(operationId = "saveNotificationTemplate", summary = "Save a message template",
            description = "A new version of the template, used for every message written from now on (messages "
                    + "already written keep their text). Placeholders are `{{name}}`, among those the step knows "
                    + "(`placeholders`); a brace anywhere else is refused. An e-mail needs a subject, a text "
                    + "message has none.")
    @ApiResponse(responseCode = "200", description = "The template, its version raised.", content = @Content(
            schema = @Schema(implementation = TemplateView.class)))
    @ProblemResponses({MALFORMED, VALIDATION, NOT_FOUND})
    @ApiRoles({OPS, ADMIN})
    public TemplateView save(@Parameter(description = KEY, example = "dropoff.code_issued") @PathVariable String key,
                             @Parameter(description = CHANNEL, example = "email") @PathVariable String channel,
                             @Parameter(description = LANGUAGE, example = "zh-CN") @PathVariable String language,
                             @RequestBody TemplateRequest body, @Parameter(hidden = true) Principal who) {
        NotificationChannel c = channel(key, channel, language);
        checked(key, c, body);
        return TemplateView.of(templates.save(key, c, language, body.subject(), body.body(), who.getName(),
                OffsetDateTime.now(clock)));
    }

    @PostMapping(TEMPLATE_PATH + "/previews")
    @Operation(operationId = "previewNotificationTemplate", summary = "Preview a message",
            description = "The message as the buyer would get it: the given text (or, without one, the template in "
                    + "force), rendered with a real return's values when `returnId` is given, else with sample "
                    + "values. Nothing is saved or sent.")
    @ApiResponse(responseCode = "200", description = "The rendered message.", content = @Content(
            schema = @Schema(implementation = Preview.class)))
    @ProblemResponses({MALFORMED, VALIDATION, NOT_FOUND})
    @ApiRoles({OPS, ADMIN})
    public Preview preview(@Parameter(description = KEY, example = "dropoff.code_issued") @PathVariable String key,
                           @Parameter(description = CHANNEL, example = "email") @PathVariable String channel,
                           @Parameter(description = LANGUAGE, example = "zh-CN") @PathVariable String language,
                           @RequestBody(required = false) PreviewRequest body) {
        NotificationChannel c = channel(key, channel, language);
        PreviewRequest request = body == null ? new PreviewRequest(null, null, null) : body;
        MessageTemplate current = templates.find(key, c, language).orElseThrow();
        TemplateRequest text = request.body() == null && request.subject() == null
                ? new TemplateRequest(current.subject(), current.body())
                : new TemplateRequest(request.subject(), request.body());
        checked(key, c, text);
        Map<String, String> shown = new LinkedHashMap<>(request.returnId() == null ? values.sample(language)
                : valuesOf(request.returnId(), language));
        shown.keySet().retainAll(MessageSteps.placeholders(key));
        return new Preview(text.subject() == null ? null : TemplateText.render(text.subject(), shown),
                TemplateText.render(text.body(), shown), shown);
    }

    private Map<String, String> valuesOf(String returnId, String language) {
        CustomerReturn r = returns.find(returnId).orElseThrow(() ->
                ApiProblem.invalid("returnId", "No return " + returnId));
        JsonNode snapshot = json.valueToTree(snapshots.snapshot(returnId).orElseThrow());
        return values.of(r, snapshot, language);
    }

    /** The channel of an existing template; 404 for a step, channel or language there is no template of. */
    private static NotificationChannel channel(String key, String channel, String language) {
        NotificationChannel c = NotificationChannel.of(channel).orElse(null);
        if (c == null || !MessageSteps.sends(key) || !MessageSteps.LANGUAGES.contains(language)) {
            throw ApiProblem.notFound("No message template " + key + "/" + channel + "/" + language
                    + " (steps: " + String.join(", ", MessageSteps.keys()) + "; channels: email, sms; languages: "
                    + String.join(", ", MessageSteps.LANGUAGES) + ")");
        }
        return c;
    }

    private static void checked(String key, NotificationChannel channel, TemplateRequest body) {
        List<String> known = MessageSteps.placeholders(key);
        if (channel == NotificationChannel.EMAIL) {
            if (body.subject() == null || body.subject().isBlank()) {
                throw ApiProblem.invalid("subject", "An e-mail needs a subject");
            }
            if (body.subject().length() > MAX_SUBJECT) {
                throw ApiProblem.invalid("subject", "At most " + MAX_SUBJECT + " characters");
            }
            if (body.subject().indexOf('\n') >= 0 || body.subject().indexOf('\r') >= 0) {
                throw ApiProblem.invalid("subject", "A subject is one line");
            }
            check("subject", body.subject(), known);
        } else if (body.subject() != null) {
            throw ApiProblem.invalid("subject", "A text message has no subject");
        }
        if (body.body() == null || body.body().isBlank()) {
            throw ApiProblem.invalid("body", "The text is missing");
        }
        if (body.body().length() > MAX_BODY) {
            throw ApiProblem.invalid("body", "At most " + MAX_BODY + " characters");
        }
        check("body", body.body(), known);
    }

    private static void check(String field, String text, List<String> known) {
        try {
            TemplateText.check(text, known);
        } catch (TemplateText.Invalid e) {
            throw ApiProblem.invalid(field, e.getMessage());
        }
    }

    @Schema(name = "NotificationTemplateRequest", description = "A template's new text.")
    record TemplateRequest(
            @Schema(description = "The e-mail's subject, one line; none for a text message.",
                    example = "退货已受理：请在 {{expiresAt}} 前到 {{storeName}} 寄回") String subject,
            @Schema(description = "The text, with `{{placeholders}}`.", requiredMode = Schema.RequiredMode.REQUIRED,
                    example = "寄件码：{{code}}，有效期至 {{expiresAt}}。") String body) {
    }

    @Schema(name = "NotificationPreviewRequest", description = "What to preview; everything optional.")
    record PreviewRequest(
            @Schema(description = "A subject to try instead of the saved one.") String subject,
            @Schema(description = "A text to try instead of the saved one.") String body,
            @Schema(description = "Render with this return's values instead of sample ones.", example = "R-8F3K2Q")
            String returnId) {
    }

    @Schema(name = "NotificationPreview", description = "A message as the buyer would get it.")
    record Preview(String subject, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String body,
                   @Schema(description = "The values put in, by placeholder.",
                           requiredMode = Schema.RequiredMode.REQUIRED) Map<String, String> values) {
    }

    @Schema(name = "NotificationTemplate", description = "What the buyer gets at one step, on one channel, in one "
            + "language. Placeholders are written `{{name}}`; the values are put in as plain text.")
    record TemplateView(
            @Schema(description = "The step: the event type that sends it.", example = "dropoff.code_issued",
                    requiredMode = Schema.RequiredMode.REQUIRED) String key,
            @Schema(description = "`email` or `sms`.", example = "email", requiredMode = Schema.RequiredMode.REQUIRED)
            String channel,
            @Schema(description = "`zh-CN` or `en`.", example = "zh-CN", requiredMode = Schema.RequiredMode.REQUIRED)
            String language,
            @Schema(description = "The e-mail's subject; `null` for a text message.") String subject,
            @Schema(description = "The text.", requiredMode = Schema.RequiredMode.REQUIRED) String body,
            @Schema(description = "1 as shipped, raised by each edit.", example = "1",
                    requiredMode = Schema.RequiredMode.REQUIRED) int version,
            @Schema(description = "Who saved this version (`system` for the shipped one).", example = "ops",
                    requiredMode = Schema.RequiredMode.REQUIRED) String updatedBy,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime updatedAt,
            @Schema(description = "The placeholders this step knows.", requiredMode = Schema.RequiredMode.REQUIRED)
            List<String> placeholders) {

        static TemplateView of(MessageTemplate t) {
            return new TemplateView(t.key(), t.channel(), t.language(), t.subject(), t.body(), t.version(),
                    t.updatedBy(), t.updatedAt(), MessageSteps.placeholders(t.key()));
        }
    }
}
