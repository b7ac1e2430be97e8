package io.returnflow.pickup;

import static io.returnflow.platform.ApiDocumentation.TAG_BEFORE_A_RETURN;
import static io.returnflow.platform.ProblemType.VALIDATION;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.CUSTOMER_SERVICE;
import static io.returnflow.platform.Roles.MERCHANT_API;
import static io.returnflow.platform.Roles.OPS;
import static io.returnflow.platform.Roles.WAREHOUSE;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.returnflow.platform.ApiRoles;
import io.returnflow.platform.ProblemResponses;

/** {@code GET /api/pickup-windows?city=&date=[&carrier=]}: the windows a buyer may pick. */
@RestController
@Validated
@Tag(name = TAG_BEFORE_A_RETURN)
class PickupWindowResource {

    private final PickupWindows windows;

    public PickupWindowResource(PickupWindows windows) {
        this.windows = windows;
    }

    @GetMapping("/api/pickup-windows")
    @Operation(operationId = "listPickupWindows", summary = "List bookable pickup windows", description = "The "
            + "windows a buyer may choose for a home pickup in a city on a day (Asia/Shanghai), as the carrier's "
            + "rules stand (slots, booking cut-off, excluded days); a window that starts too soon is left out.")
    @ApiResponse(responseCode = "200", description = "The bookable windows.", content = @Content(
            schema = @Schema(implementation = WindowsView.class),
            examples = @ExampleObject(name = "shanghai", ref = "#/components/examples/pickup-windows")))
    @ProblemResponses(VALIDATION)
    @ApiRoles({MERCHANT_API, CUSTOMER_SERVICE, WAREHOUSE, OPS, ADMIN})
    public WindowsView windows(@Parameter(description = "The pickup address's city.", example = "上海市")
                               @RequestParam @NotBlank @Size(max = 64) String city,
                               @Parameter(description = "The day.", example = "2026-11-27") @RequestParam LocalDate date,
                               @Parameter(description = "The carrier's code; by default the configured one.",
                                       example = "SF")
                               @RequestParam(required = false) @Size(max = 16) String carrier) {
        String carrierCode = carrier == null || carrier.isBlank() ? windows.defaultCarrier() : carrier;
        return new WindowsView(city, date, carrierCode, windows.bookable(carrierCode, city, date));
    }

    @Schema(description = "The bookable windows of a carrier in a city on a day.")
    public record WindowsView(String city, LocalDate date, String carrier, List<PickupWindows.Window> windows) {
    }
}
