package io.returnflow.events;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The merchant's event log.
 *
 * @param sequenceInterval how often committed events are given their place in the log (how soon a reader sees
 *                         one)
 * @param feedInterval     how often each reader ({@link EventSubscriber}) looks for events past its place
 * @param batch            at most this many events per pass of the sequencer or a reader
 * @param pageLimit        at most this many events per page of {@code GET /api/events}
 */
@Validated
@ConfigurationProperties("returnflow.events")
public record EventProperties(@DefaultValue("500ms") @NotNull Duration sequenceInterval,
                              @DefaultValue("500ms") @NotNull Duration feedInterval,
                              @DefaultValue("200") @Positive @Max(10_000) int batch,
                              @DefaultValue("100") @Positive @Max(1_000) int pageLimit) {
}
