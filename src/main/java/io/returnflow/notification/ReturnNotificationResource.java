package io.returnflow.notification;

import static io.returnflow.platform.ApiDocumentation.TAG_NOTIFICATIONS;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.CUSTOMER_SERVICE;
import static io.returnflow.platform.Roles.MERCHANT_API;
import static io.returnflow.platform.Roles.OPS;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnRepository;

/** What the buyer of a return was sent, or is about to be: for customer service answering "did I get a message?". */
@RestController
@Tag(name = TAG_NOTIFICATIONS)
class ReturnNotificationResource {

    private final Notifications notifications;
    private final ReturnRepository returns;

    ReturnNotificationResource(Notifications notifications, ReturnRepository returns) {
        this.notifications = notifications;
        this.returns = returns;
    }

    @GetMapping("/api/returns/{id}/notifications")
    @Operation(operationId = "listReturnNotifications", summary = "List a return's messages to the buyer",
            description = "Each message to the buyer, oldest first: on which channel, where it stands (`PENDING`: "
                    + "to send or to try again; `SENT`; `FAILED`: refused for good, `lastError` says why), how often "
                    + "it was tried. The address is shown masked.")
    @ApiResponse(responseCode = "200", description = "The messages, oldest first.", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = NotificationView.class))))
    @ProblemResponses(NOT_FOUND)
    @ApiRoles({MERCHANT_API, CUSTOMER_SERVICE, OPS, ADMIN})
    public List<NotificationView> list(
            @Parameter(description = "The return's id.", example = "R-8F3K2Q") @PathVariable String id) {
        CustomerReturn r = returns.find(id).orElseThrow(() -> ApiProblem.notFound("No return " + id));
        return notifications.ofReturn(id).stream().map(n -> NotificationView.of(n, r.customer())).toList();
    }

    @Schema(name = "Notification", description = "A message to the buyer.")
    record NotificationView(
            @Schema(example = "ntf_4q2mYb7kPz9XcW1nR3tVa8Ls", requiredMode = Schema.RequiredMode.REQUIRED) String id,
            @Schema(description = "The event that caused it.", example = "evt_6Q3J2VZ8K1M4T7XWa9bC2dE4",
                    requiredMode = Schema.RequiredMode.REQUIRED) String eventId,
            @Schema(description = "`email` or `sms`.", example = "sms", requiredMode = Schema.RequiredMode.REQUIRED)
            String channel,
            @Schema(description = "The address, masked.", example = "138****0000") String to,
            @Schema(description = "The template (the step).", example = "dropoff.code_issued",
                    requiredMode = Schema.RequiredMode.REQUIRED) String templateKey,
            @Schema(description = "The template's version it was written with.", example = "1")
            Integer templateVersion,
            @Schema(example = "zh-CN", requiredMode = Schema.RequiredMode.REQUIRED) String language,
            @Schema(description = "`PENDING`, `SENT` or `FAILED`.", example = "SENT",
                    requiredMode = Schema.RequiredMode.REQUIRED) String status,
            @Schema(description = "Tries so far.", example = "1", requiredMode = Schema.RequiredMode.REQUIRED)
            int attempts,
            @Schema(description = "When a `PENDING` message is tried next.") OffsetDateTime nextAttemptAt,
            @Schema(description = "Why the last try failed.") String lastError,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) OffsetDateTime createdAt,
            OffsetDateTime sentAt) {

        static NotificationView of(Notification n, CustomerReturn.Customer buyer) {
            String to = buyer == null ? null
                    : n.channel() == NotificationChannel.EMAIL ? maskEmail(buyer.email()) : maskPhone(buyer.phone());
            return new NotificationView(n.id(), n.eventId(), n.channel().value(), to, n.templateKey(),
                    n.templateVersion(), n.language(), n.status().name(), n.attempts(), n.nextAttemptAt(),
                    n.lastError(), n.createdAt(), n.sentAt());
        }
    }

    /** {@code zs@example.com} → {@code z***@example.com}. */
    static String maskEmail(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        int at = email.lastIndexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }

    /** {@code 13800000000} → {@code 138****0000}; a short number shows its last two digits only. */
    static String maskPhone(String phone) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        if (phone.length() < 8) {
            return "***" + phone.substring(Math.max(0, phone.length() - 2));
        }
        return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
    }
}
