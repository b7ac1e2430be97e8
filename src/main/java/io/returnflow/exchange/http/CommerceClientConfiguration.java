package io.returnflow.exchange.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import feign.codec.ErrorDecoder;
import org.springframework.context.annotation.Bean;

/**
 * Beans of the {@code commerce} Feign client's own context. Deliberately not a {@code @Configuration}: scanned
 * into the application context, its error decoder would apply to every Feign client.
 */
public class CommerceClientConfiguration {

    @Bean
    ErrorDecoder commerceErrorDecoder(ObjectMapper json) {
        return new CommerceErrorDecoder(json);
    }
}
