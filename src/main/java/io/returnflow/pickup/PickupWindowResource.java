package io.returnflow.pickup;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/pickup-windows?city=&date=[&carrier=]}: the windows a buyer may pick. */
@RestController
@Validated
public class PickupWindowResource {

    private final PickupWindows windows;

    public PickupWindowResource(PickupWindows windows) {
        this.windows = windows;
    }

    @GetMapping("/api/pickup-windows")
    public WindowsView windows(@RequestParam @NotBlank @Size(max = 64) String city, @RequestParam LocalDate date,
                               @RequestParam(required = false) @Size(max = 16) String carrier) {
        String carrierCode = carrier == null || carrier.isBlank() ? windows.defaultCarrier() : carrier;
        return new WindowsView(city, date, carrierCode, windows.bookable(carrierCode, city, date));
    }

    public record WindowsView(String city, LocalDate date, String carrier, List<PickupWindows.Window> windows) {
    }
}
