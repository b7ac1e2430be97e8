package io.returnflow.carrier.kdniao;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How to reach Kdniao and who we are there.
 *
 * @param baseUrl      the API host (production) or the in-app sandbox gateway; may contain
 *                     {@code ${local.server.port}}, resolved per call by the endpoint resolver
 * @param businessId   our EBusinessID (merchant id)
 * @param appKey       the shared secret that signs every envelope (DataSign), both directions
 */
@ConfigurationProperties("returnflow.carrier.kdniao")
public record KdniaoProperties(String baseUrl, String businessId, String appKey) {
}
