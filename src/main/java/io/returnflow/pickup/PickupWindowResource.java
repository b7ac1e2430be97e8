package io.returnflow.pickup;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/pickup-windows?city=&date=}: the windows a buyer may pick. */
@RestController
@Validated
public class PickupWindowResource {

    private final PickupWindows windows;

    public PickupWindowResource(PickupWindows windows) {
        this.windows = windows;
    }

    @GetMapping("/api/pickup-windows")
    public WindowsView windows(@RequestParam @NotBlank String city, @RequestParam LocalDate date) {
        return new WindowsView(city, date, windows.bookable(city, date));
    }

    public record WindowsView(String city, LocalDate date, List<PickupWindows.Window> windows) {
    }
}
