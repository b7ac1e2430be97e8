package io.returnflow.payment.stripe;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The provider's refund object, reduced to what the adapter reads (public only for the Feign proxy). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StripeRefundObject(String id, String object, Long amount, String currency, String charge, String status,
                                 @JsonProperty("failure_reason") String failureReason, Map<String, String> metadata,
                                 Long created) {
}
