package io.returnflow.dropoff;

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

/** {@code GET /api/returns/{id}/drop-off-code.png}: the code as a QR image for the clerk's scanner. */
@RestController
public class DropOffCodeImageResource {

    private static final int SIZE_PX = 320;

    private final DropOffCodes codes;

    public DropOffCodeImageResource(DropOffCodes codes) {
        this.codes = codes;
    }

    @GetMapping("/api/returns/{id}/drop-off-code.png")
    public ResponseEntity<byte[]> image(@PathVariable String id) throws IOException, WriterException {
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
