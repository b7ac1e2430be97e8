package io.returnflow.selfservice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/** A drop-off code as the buyer shows it at the counter: a QR image (PNG, 320 px), never cached. */
final class QrImage {

    private static final int SIZE_PX = 320;

    private QrImage() {
    }

    static ResponseEntity<byte[]> of(String code) {
        try {
            var matrix = new QRCodeWriter().encode(code, BarcodeFormat.QR_CODE, SIZE_PX, SIZE_PX,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
            return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                    .body(png.toByteArray());
        } catch (WriterException e) {
            throw new IllegalStateException("A drop-off code did not fit a QR image", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
