package io.returnflow.events.webhooks;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.media.Schema;

/** A new endpoint and its signing secret: the only answer that shows the secret. */
@Schema(description = "The endpoint, with its signing secret: shown in this answer only.")
record WebhookEndpointCreated(@JsonUnwrapped WebhookEndpoint endpoint,
                              @Schema(description = "Verifies the `ReturnFlow-Signature` of each delivery; keep "
                                      + "it secret. Not shown again: rotate it to get a new one.",
                                      example = "whsec_3vQk8T2pXn7LcY4mRb9Wd6Zf1Hs5Jg0AeUo2Ni8Kt4Mw")
                              String secret) {
}
