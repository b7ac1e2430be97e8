package io.returnflow.selfservice;

import static io.returnflow.platform.ApiDocumentation.TAG_RETURN_LINKS;
import static io.returnflow.platform.ProblemType.MALFORMED;
import static io.returnflow.platform.ProblemType.ORDER_PAYMENT_DIFFERS;
import static io.returnflow.platform.ProblemType.UNAVAILABLE;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.MERCHANT_API;

import java.security.Principal;

import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code POST /api/return-links}: the merchant's system makes a link to the buyer's return page from an order. */
@RestController
@Tag(name = TAG_RETURN_LINKS)
class ReturnLinkResource {

    /** The page, with the token in the URL's fragment: browsers never send a fragment to a server. */
    static final String PAGE = "/returns/#";

    private final ReturnLinkIssuer issuer;
    private final SelfServiceProperties properties;

    ReturnLinkResource(ReturnLinkIssuer issuer, SelfServiceProperties properties) {
        this.issuer = issuer;
        this.properties = properties;
    }

    @PostMapping("/api/return-links")
    @Operation(operationId = "createReturnLink", summary = "Make a return link for the buyer", description = """
            Makes a link to the buyer's return page (`/returns/`) from the order: the buyer sees the order's lines \
            (those the return policy refuses greyed out, with why), chooses what goes back, how many and why, \
            sees the refund, chooses a pickup window or a store, and follows the return, without an account. \
            The order is checked as a return's is (400 naming the field; 409 `order-payment-differs` for another \
            `payment` than the order's first return fixed). The link carries a signed token \
            (HMAC-SHA256 over its id and expiry): whoever has the URL can start returns of this order until \
            `expiresAt`, so send it to the buyer only.""")
    @ApiResponse(responseCode = "201", description = "The link.",
            content = @Content(schema = @Schema(implementation = ReturnLinkCreated.class)))
    @ProblemResponses({VALIDATION, MALFORMED, ORDER_PAYMENT_DIFFERS, UNAVAILABLE})
    @ApiRoles({MERCHANT_API, ADMIN})
    public ResponseEntity<ReturnLinkCreated> create(@Valid @RequestBody ReturnLinkRequest request,
                                                    @Parameter(hidden = true) Principal principal) {
        ReturnLinkIssuer.Issued issued = issuer.issue(request, principal.getName());
        String base = properties.baseUrl().isBlank()
                ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString()
                : properties.baseUrl().replaceAll("/+$", "");
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new ReturnLinkCreated(issued.id(), base + PAGE + issued.token(), issued.expiresAt()));
    }
}
