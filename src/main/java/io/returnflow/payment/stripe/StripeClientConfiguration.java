package io.returnflow.payment.stripe;

import com.fasterxml.jackson.databind.ObjectMapper;
import feign.codec.ErrorDecoder;
import org.springframework.context.annotation.Bean;

/**
 * Beans of the {@code payments} Feign client's own context. Deliberately not a {@code @Configuration}:
 * scanned into the application context, its error decoder would apply to every Feign client.
 */
public class StripeClientConfiguration {

    @Bean
    ErrorDecoder stripeErrorDecoder(ObjectMapper json) {
        return new StripeErrorDecoder(json);
    }
}
