package io.returnflow.carrier.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sandbox carrier: a simulated Kdniao inside the application, reached over HTTP by the real adapter.
 *
 * @param enabled      whether the sandbox carrier runs at all
 * @param webhookUrl   where its courier pushes (this application's webhook); may contain
 *                     {@code ${local.server.port}}, resolved per push
 * @param collectAfter how long after booking the courier collects (unless {@link SandboxCourier#step stepped}
 *                     earlier)
 * @param signAfter    how long after collection the warehouse signs for the parcel (idem)
 * @param tick         how often the courier looks for work
 * @param turnLease    how long one node's tick holds the courier (the other nodes' ticks skip meanwhile), renewed
 *                     before each order; longer than one order's pushes take, since a node that stopped mid-tick
 *                     holds it until then
 */
@ConfigurationProperties("returnflow.carrier.sandbox")
record CarrierSandboxProperties(boolean enabled, String webhookUrl, Duration collectAfter, Duration signAfter,
                                       Duration tick, Duration turnLease) {

    public CarrierSandboxProperties {
        collectAfter = collectAfter != null ? collectAfter : Duration.ofSeconds(4);
        signAfter = signAfter != null ? signAfter : Duration.ofSeconds(4);
        tick = tick != null ? tick : Duration.ofSeconds(1);
        turnLease = turnLease != null ? turnLease : Duration.ofMinutes(1);
        // a turn of nothing would let every node's tick push the same orders at once
        if (turnLease.isNegative() || turnLease.isZero()) {
            throw new IllegalArgumentException("returnflow.carrier.sandbox.turn-lease must be positive");
        }
    }
}
