package io.returnflow.carrier.kdniao;

import java.util.Map;

import io.returnflow.carrier.TrackingState;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach Kdniao and who we are there.
 *
 * @param baseUrl      the API host (production) or the in-app sandbox gateway; may contain
 *                     {@code ${local.server.port}}, resolved per call by the endpoint resolver
 * @param businessId   our EBusinessID (merchant id)
 * @param appKey       the shared secret that signs every envelope (DataSign), both directions
 * @param pickupStates overrides of the pickup-status codes of 103 pushes ({@code "104": COLLECTED});
 *                     those codes are not confirmed by Kdniao's public documentation, see
 *                     {@link KdniaoStateMapping}
 */
@ConfigurationProperties("returnflow.carrier.kdniao")
public record KdniaoProperties(String baseUrl, String businessId, String appKey,
                               Map<String, TrackingState> pickupStates) {

    public KdniaoProperties {
        pickupStates = pickupStates == null ? Map.of() : Map.copyOf(pickupStates);
    }
}
