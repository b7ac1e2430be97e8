package io.returnflow.selfservice;

import static io.returnflow.platform.ApiDocumentation.TAG_BUYER_PAGE;
import static io.returnflow.platform.ProblemType.NOT_FOUND;

import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.dropoff.DropOffCodes;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.ProblemResponses;
import io.returnflow.returns.DropOffCodeImages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The drop-off code's QR image at a path signed for its return, for the messages to the buyer: the buyer opens it
 * from an e-mail without logging in, and nobody without the message can find another return's image.
 */
@RestController
@Tag(name = TAG_BUYER_PAGE)
class CodeImageResource {

    static final String PATH = "/returns/api/code-images/";

    private final LinkTokens tokens;
    private final DropOffCodes codes;

    CodeImageResource(LinkTokens tokens, DropOffCodes codes) {
        this.tokens = tokens;
        this.codes = codes;
    }

    @GetMapping(PATH + "{returnId}/{signature}")
    @Operation(operationId = "getSignedDropOffCodeImage", summary = "The drop-off code as a QR image, by signed path",
            description = "The path the messages to the buyer link to: signed for one return with a key derived "
                    + "from `returnflow.self-service.link-secret`. A wrong signature, or a return without a code, "
                    + "is 404. Not cached.")
    @ApiResponse(responseCode = "200", description = "The QR code.", content = @Content(
            mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")))
    @ProblemResponses(NOT_FOUND)
    public ResponseEntity<byte[]> image(@Parameter(description = "The return's id.", example = "R-8F3K2Q")
                                        @PathVariable String returnId,
                                        @Parameter(description = "The path's signature, as the message gave it.")
                                        @PathVariable String signature) {
        if (!tokens.verifyCodeImage(returnId, signature)) {
            throw ApiProblem.notFound("No such image");
        }
        return QrImage.of(codes.current(returnId).map(c -> c.code().display())
                .orElseThrow(() -> ApiProblem.notFound("The return has no drop-off code")));
    }

    /** Signs the paths this resource serves. */
    @Component
    static class SignedPaths implements DropOffCodeImages {

        private final LinkTokens tokens;

        SignedPaths(LinkTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public Optional<String> publicPath(String returnId) {
            return tokens.configured() ? Optional.of(PATH + returnId + "/" + tokens.signCodeImage(returnId))
                    : Optional.empty();
        }
    }
}
