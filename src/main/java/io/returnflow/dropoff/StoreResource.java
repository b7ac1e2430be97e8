package io.returnflow.dropoff;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/stores?city=}: where a buyer can drop a return off. */
@RestController
public class StoreResource {

    private final Stores stores;

    public StoreResource(Stores stores) {
        this.stores = stores;
    }

    @GetMapping("/api/stores")
    public List<Store> stores(@RequestParam(required = false) String city) {
        return stores.inCity(city);
    }
}
