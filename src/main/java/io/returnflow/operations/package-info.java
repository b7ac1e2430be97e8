/**
 * What operations see of the business, beside the engine's own views: the journey's metrics on
 * {@code /actuator/prometheus} and the outcome of finished journeys in Cockpit.
 *
 * <p>Features do not know this package: they publish their events ({@code ReturnRequested},
 * {@code RefundSettled}) and own their tables; this package counts the events and reads the tables and the
 * engine. Counters and the timer are per node (each node counts what it did: sum them across nodes);
 * gauges are read from the shared database and the engine, so every node reports the same cluster-wide
 * figures (take one node's, or the maximum, never the sum).
 */
package io.returnflow.operations;
