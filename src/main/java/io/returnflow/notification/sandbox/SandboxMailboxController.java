package io.returnflow.notification.sandbox;

import static io.returnflow.platform.ApiDocumentation.TAG_SANDBOX_MAILBOX;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The sandbox mailbox's contents, for the local run's walk-through: what the buyers would have received. */
@RestController
@Tag(name = TAG_SANDBOX_MAILBOX)
@ConditionalOnProperty(name = "returnflow.notification.sandbox-mailbox.enabled", havingValue = "true")
class SandboxMailboxController {

    private final SandboxMailbox mailbox;

    SandboxMailboxController(SandboxMailbox mailbox) {
        this.mailbox = mailbox;
    }

    @GetMapping("/sandbox/mailbox")
    @Operation(operationId = "listSandboxMailbox", summary = "List the mails the sandbox mailbox received",
            description = "Every e-mail sent to the buyers in the local run, oldest first, as the SMTP server "
                    + "received it.")
    @ApiResponse(responseCode = "200", description = "The mails.", content = @Content(
            array = @ArraySchema(schema = @Schema(implementation = SandboxMailbox.Mail.class))))
    public List<SandboxMailbox.Mail> list(@Parameter(description = "Only the mails to this address.",
            example = "zs@example.com") @RequestParam(required = false) String to) {
        return mailbox.messages(to == null || to.isBlank() ? null : to);
    }
}
