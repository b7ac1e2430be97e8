package io.returnflow.dropoff;

import java.security.Principal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.returnflow.returns.ReturnView;
import io.returnflow.returns.ReturnViews;

/** {@code POST /api/stores/{storeId}/check-ins}: the clerk scans the buyer's code (核销). */
@RestController
public class CheckInResource {

    private final DropOffService dropOffs;
    private final ReturnViews views;

    public CheckInResource(DropOffService dropOffs, ReturnViews views) {
        this.dropOffs = dropOffs;
        this.views = views;
    }

    @PostMapping("/api/stores/{storeId}/check-ins")
    public ReturnView checkIn(@PathVariable String storeId, @Valid @RequestBody CheckIn body, Principal clerk) {
        String returnId = dropOffs.checkIn(storeId, body.code(), clerk.getName());
        return views.of(returnId);
    }

    public record CheckIn(@NotBlank @Size(max = 32) String code) {
    }
}
