package io.returnflow.dropoff;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param codeValidity how long a drop-off code can be used
 * @param codeKey      Base64 AES key (16/24/32 bytes): seals the readable code at rest and keys the
 *                     lookup hash, so a copy of the database alone gives no usable code
 */
@ConfigurationProperties("returnflow.drop-off")
public record DropOffProperties(Duration codeValidity, String codeKey) {
}
