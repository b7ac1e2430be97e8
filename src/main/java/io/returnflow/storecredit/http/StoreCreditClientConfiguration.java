package io.returnflow.storecredit.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import feign.codec.ErrorDecoder;
import org.springframework.context.annotation.Bean;

/**
 * Beans of the {@code store-credit} Feign client's own context. Deliberately not a {@code @Configuration}: scanned
 * into the application context, its error decoder would apply to every Feign client.
 */
class StoreCreditClientConfiguration {

    @Bean
    ErrorDecoder storeCreditErrorDecoder(ObjectMapper json) {
        return new StoreCreditErrorDecoder(json);
    }
}
