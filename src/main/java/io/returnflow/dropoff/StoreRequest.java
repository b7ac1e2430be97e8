package io.returnflow.dropoff;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.returnflow.platform.Text;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A store as operations send it ({@code POST /api/stores}, {@code PUT /api/stores/{id}}). The id is
 * needed to create a store; on update it may be left out, and must match the path when given. The
 * consolidation schedule is checked as a cron expression by the service.
 */
@Schema(description = "A store as operations send it.")
record StoreRequest(
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_-]{0,31}",
                message = "must be 1 to 32 letters, digits, '-' or '_', starting with a letter or digit") String id,
        @NotBlank @Size(max = 128) String name,
        @NotBlank @Size(max = 64) String province,
        @NotBlank @Size(max = 64) String city,
        @Size(max = 64) String district,
        @NotBlank @Size(max = 256) String address,
        @Size(max = 16) String postCode,
        // the courier collecting the store's shipments calls it: carriers refuse a sender without one
        @NotBlank @Size(max = 32) String phone,
        @Size(max = 128) String openingHours,
        @Size(max = 64) String carrierAccount,
        @Schema(description = "The shipment leaves once it holds this many parcels.", example = "20")
        @NotNull @Min(1) Integer consolidationParcels,
        @Schema(description = "When the store's shipment leaves at the latest: a Spring cron expression "
                + "(second minute hour day month weekday), Asia/Shanghai.", example = "0 0 17 * * MON-FRI")
        @NotBlank @Size(max = 120) String consolidationSchedule) {

    Store toStore(String storeId) {
        return new Store(storeId, name.strip(), province.strip(), city.strip(), Text.trimToNull(district),
                address.strip(), Text.trimToNull(postCode), Text.trimToNull(phone), Text.trimToNull(openingHours),
                Text.trimToNull(carrierAccount), consolidationParcels, consolidationSchedule.strip(), true);
    }
}
