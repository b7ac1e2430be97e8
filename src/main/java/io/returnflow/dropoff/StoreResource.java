package io.returnflow.dropoff;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The store network. {@code GET /api/stores?city=}: where a buyer can drop a return off (active
 * stores). For operations: {@code GET /api/stores/{id}} (with its clerks, active or not),
 * {@code POST /api/stores} (201), {@code PUT /api/stores/{id}}, {@code DELETE /api/stores/{id}}
 * (deactivates, see {@link StoreNetwork}), and {@code PUT}/{@code DELETE /api/stores/{id}/clerks/{userId}}
 * to bind or unbind a clerk (204).
 */
@RestController
public class StoreResource {

    private final Stores stores;
    private final StoreNetwork network;

    public StoreResource(Stores stores, StoreNetwork network) {
        this.stores = stores;
        this.network = network;
    }

    @GetMapping("/api/stores")
    public List<StoreSummary> stores(@RequestParam(required = false) String city) {
        return stores.inCity(city).stream().map(StoreSummary::of).toList();
    }

    @GetMapping("/api/stores/{id}")
    public StoreDetails store(@PathVariable String id) {
        return network.get(id);
    }

    @PostMapping("/api/stores")
    public ResponseEntity<StoreDetails> create(@Valid @RequestBody StoreRequest body, Principal ops) {
        StoreDetails created = network.create(body, ops.getName());
        return ResponseEntity.created(URI.create("/api/stores/" + created.id())).body(created);
    }

    @PutMapping("/api/stores/{id}")
    public StoreDetails update(@PathVariable String id, @Valid @RequestBody StoreRequest body, Principal ops) {
        return network.update(id, body, ops.getName());
    }

    @DeleteMapping("/api/stores/{id}")
    public ResponseEntity<Void> deactivate(@PathVariable String id, Principal ops) {
        network.deactivate(id, ops.getName());
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/api/stores/{id}/clerks/{userId}")
    public ResponseEntity<Void> bindClerk(@PathVariable String id, @PathVariable String userId, Principal ops) {
        network.bindClerk(id, userId, ops.getName());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/stores/{id}/clerks/{userId}")
    public ResponseEntity<Void> unbindClerk(@PathVariable String id, @PathVariable String userId, Principal ops) {
        network.unbindClerk(id, userId, ops.getName());
        return ResponseEntity.noContent().build();
    }
}
