package io.returnflow.dropoff;

import java.time.OffsetDateTime;
import java.util.List;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a clerk sees before confirming a check-in: whose parcel it is (the buyer's name masked) and
 * which items to expect. Answered only for a code that can be checked in at this store now.
 */
@Schema(description = "Whose parcel a code stands for (the buyer's name masked: 张三 → 张*) and what it holds.")
public record CheckInPreview(String returnId, String orderId, String customer, List<Item> items,
                             OffsetDateTime expiresAt, String storeId) {

    @Schema(name = "CheckInPreviewItem", description = "An item the parcel should hold.")
    public record Item(String sku, String name, int quantity) {
    }

    /** The name's first character and a star ({@code 张三} → {@code 张*}): enough to ask "are you Zhang?". */
    static String mask(String name) {
        if (name == null || name.isBlank()) {
            return "*";
        }
        String trimmed = name.strip();
        return new String(Character.toChars(trimmed.codePointAt(0))) + "*";
    }
}
