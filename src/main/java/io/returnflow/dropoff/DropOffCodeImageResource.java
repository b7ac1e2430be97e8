package io.returnflow.dropoff;

import static io.returnflow.platform.ApiDocumentation.TAG_RETURNS;
import static io.returnflow.platform.ProblemType.NOT_FOUND;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.CUSTOMER_SERVICE;
import static io.returnflow.platform.Roles.MERCHANT_API;
import static io.returnflow.platform.Roles.OPS;
import static io.returnflow.platform.Roles.WAREHOUSE;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.platform.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;

/** {@code GET /api/returns/{id}/drop-off-code.png}: the code as a QR image for the clerk's scanner. */
@RestController
@Tag(name = TAG_RETURNS)
class DropOffCodeImageResource {

    private static final int SIZE_PX = 320;

    private final DropOffCodes codes;

    public DropOffCodeImageResource(DropOffCodes codes) {
        this.codes = codes;
    }

    @GetMapping("/api/returns/{id}/drop-off-code.png")
    @Operation(operationId = "getDropOffCodeImage", summary = "Read a drop-off code as a QR image",
            description = "The return's current drop-off code as a QR code (PNG, 320 px) for the clerk's scanner; "
                    + "the buyer shows it at the counter. Not cached.")
    @ApiResponse(responseCode = "200", description = "The QR code.", content = @Content(
            mediaType = MediaType.IMAGE_PNG_VALUE, schema = @Schema(type = "string", format = "binary")))
    @ProblemResponses(NOT_FOUND)
    @ApiRoles({MERCHANT_API, CUSTOMER_SERVICE, WAREHOUSE, OPS, ADMIN})
    public ResponseEntity<byte[]> image(@Parameter(description = "The return's id.", example = "R-8F3K2Q")
                                        @PathVariable String id) throws IOException, WriterException {
        DropOffCode code = codes.current(id).map(DropOffCodes.IssuedCode::code)
                .orElseThrow(() -> ApiProblem.notFound("Return " + id + " has no drop-off code"));
        var matrix = new QRCodeWriter().encode(code.display(), BarcodeFormat.QR_CODE, SIZE_PX, SIZE_PX,
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        MatrixToImageWriter.writeToStream(matrix, "PNG", png);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                .body(png.toByteArray());
    }
}
