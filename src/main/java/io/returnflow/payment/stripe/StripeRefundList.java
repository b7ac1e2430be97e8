package io.returnflow.payment.stripe;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One page of the provider's list of refunds (public only for the Feign proxy). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StripeRefundList(String object, List<StripeRefundObject> data, @JsonProperty("has_more") boolean hasMore) {

    public StripeRefundList {
        data = data == null ? List.of() : List.copyOf(data);
    }
}
