package io.returnflow.dropoff;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param codeValidity how long a drop-off code can be used
 * @param codeKey      the single key of older releases (Base64 AES key of 16/24/32 bytes, used as is for
 *                     sealing and hashing): only to open codes stored before key ids; they are re-sealed
 *                     with the active key. Empty when the installation never had such codes.
 * @param codeKeys     the keys that seal the readable code at rest and key its lookup hash, so that a copy
 *                     of the database alone gives no usable code
 */
@ConfigurationProperties("returnflow.drop-off")
public record DropOffProperties(Duration codeValidity, String codeKey, CodeKeys codeKeys) {

    public DropOffProperties {
        codeKeys = codeKeys != null ? codeKeys : new CodeKeys(null, Map.of(), null, null, null);
    }

    /**
     * {@code returnflow.drop-off.code-keys}: every key a stored code may be sealed with, one of them active.
     *
     * @param active          id of the key new codes are sealed with
     * @param secrets         key id (lower-case letters and digits, at most 16) → Base64 secret of at least
     *                        32 bytes; the AES and HMAC keys are derived from it (HKDF-SHA256).
     *                        An empty secret is no key
     * @param retiring        ids of configured keys whose codes are re-sealed with the active key, so that they can
     *                        be removed. Only these: during a rolling switch of the active key, a node still on the
     *                        old one would otherwise re-seal the new key's codes back (README, "Drop-off code keys")
     * @param resealInterval  pause between two runs that re-seal codes of other keys with the active one
     * @param resealBatchSize codes one such run re-seals at most
     */
    public record CodeKeys(String active, Map<String, String> secrets, List<String> retiring, Duration resealInterval,
                           Integer resealBatchSize) {

        public CodeKeys {
            secrets = secrets != null ? Map.copyOf(secrets) : Map.of();
            retiring = retiring != null ? retiring.stream().map(String::trim).filter(id -> !id.isEmpty()).toList()
                                        : List.of();
            resealInterval = resealInterval != null ? resealInterval : Duration.ofMinutes(1);
            resealBatchSize = resealBatchSize != null ? resealBatchSize : 100;
        }
    }
}
