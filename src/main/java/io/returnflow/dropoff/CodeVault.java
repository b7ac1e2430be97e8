package io.returnflow.dropoff;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.Hkdf;

/**
 * Keeps drop-off codes safe at rest: a keyed hash (HMAC-SHA256) to find a code, and the readable
 * code sealed with AES-GCM so the buyer's page can show it again. Neither is usable without the keys,
 * which live in configuration, not in the database.
 *
 * <p>Each configured secret ({@code returnflow.drop-off.code-keys.secrets}) has an id; the AES key and the
 * HMAC key are derived from it with HKDF-SHA256 under distinct labels, so the two algorithms never share a
 * key. A sealed code reads {@code <key id>:2:<Base64 of IV, ciphertext and tag>}, the key id and the code's
 * lookup hash being authenticated too, so a sealed code moved to another row (another code's hash) does not open;
 * new codes are sealed with the active key, and a code is opened with the key its id names. Codes sealed before
 * the hash was bound ({@code <key id>:<Base64>}, the key id alone authenticated) still open. A code is found by its hash under any configured key, so codes issued before a rotation are still
 * found after it. Codes stored by older releases (no key id; the single {@code code-key} used as is for both
 * algorithms) are opened and found with that key while it is configured, and re-sealed by {@link CodeResealer}.
 */
@Component
public class CodeVault {

    /** Shorter secrets are refused at start: 256 bits, the AES key's own size. */
    static final int MIN_SECRET_BYTES = 32;
    static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{1,16}");
    static final char KEY_ID_SEPARATOR = ':';
    /** Marks a seal bound to its lookup hash; Base64 has no ':', so a seal without it is of the earlier form. */
    static final String BOUND = "2:";

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int AES_KEY_BYTES = 32;
    private static final int MAC_KEY_BYTES = 32;
    private static final byte[] AES_LABEL = "returnflow drop-off code: AES-256-GCM sealing key v1"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MAC_LABEL = "returnflow drop-off code: HMAC-SHA256 lookup key v1"
            .getBytes(StandardCharsets.US_ASCII);

    /** The keys of one id: derived from its secret, or (older releases) the secret itself. */
    private record Keys(SecretKeySpec aes, SecretKeySpec mac) {
    }

    private final String activeId;
    private final Map<String, Keys> keys;
    private final List<String> retiring;
    /** Null when no older release's key is configured. */
    private final Keys legacy;
    private final SecureRandom random = new SecureRandom();

    /**
     * @throws IllegalStateException naming the property at fault when the keys are missing, malformed or too short:
     *                               the application does not start without usable keys
     */
    public CodeVault(DropOffProperties properties) {
        DropOffProperties.CodeKeys config = properties.codeKeys();
        String prefix = "returnflow.drop-off.code-keys";
        if (config.active() == null || config.active().isBlank()) {
            throw new IllegalStateException(prefix + ".active is not set: name the key (of " + prefix
                    + ".secrets) that seals new drop-off codes");
        }
        Map<String, Keys> derived = new LinkedHashMap<>();
        for (var secret : new java.util.TreeMap<>(config.secrets()).entrySet()) {
            String id = secret.getKey();
            if (secret.getValue() == null || secret.getValue().isBlank()) {
                // a secret left empty is no key: how a profile disowns another's (e.g. the local run's)
                continue;
            }
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException(prefix + ".secrets: key id '" + id
                        + "' must be 1 to 16 lower-case letters and digits");
            }
            byte[] bytes = decode(prefix + ".secrets." + id, secret.getValue());
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException(prefix + ".secrets." + id + " is " + bytes.length
                        + " bytes; a code key must be at least " + MIN_SECRET_BYTES + " random bytes (Base64), "
                        + "e.g. openssl rand -base64 32");
            }
            derived.put(id, new Keys(
                    new SecretKeySpec(Hkdf.derive(null, bytes, AES_LABEL, AES_KEY_BYTES), "AES"),
                    new SecretKeySpec(Hkdf.derive(null, bytes, MAC_LABEL, MAC_KEY_BYTES), "HmacSHA256")));
        }
        if (!derived.containsKey(config.active())) {
            throw new IllegalStateException(prefix + ".active is '" + config.active() + "', but " + prefix
                    + ".secrets has no secret of that id (it holds " + new TreeSet<>(derived.keySet()) + ")");
        }
        if (config.retiring().contains(config.active())) {
            throw new IllegalStateException(prefix + ".retiring names the active key '" + config.active()
                    + "': new codes are sealed with it, it cannot retire");
        }
        this.activeId = config.active();
        this.keys = Map.copyOf(derived);
        // a retiring key without a secret here opens nothing: its codes wait for a node that has it
        this.retiring = config.retiring().stream().filter(derived::containsKey).sorted().distinct().toList();
        this.legacy = legacyKeys(properties.codeKey());
    }

    private static Keys legacyKeys(String codeKey) {
        if (codeKey == null || codeKey.isBlank()) {
            return null;
        }
        byte[] key = decode("returnflow.drop-off.code-key", codeKey);
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalStateException("returnflow.drop-off.code-key (the key of older releases) must be 16, 24 "
                    + "or 32 bytes (Base64)");
        }
        return new Keys(new SecretKeySpec(key, "AES"), new SecretKeySpec(key, "HmacSHA256"));
    }

    private static byte[] decode(String property, String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalStateException(property + " is empty: set a Base64 secret of at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not Base64", e);
        }
    }

    /** The id of the key new codes are sealed with. */
    public String activeKeyId() {
        return activeId;
    }

    /**
     * The configured keys listed as retiring ({@code returnflow.drop-off.code-keys.retiring}), by id: the ones whose
     * codes are re-sealed with the active key. Another configured key's codes are only opened and found.
     */
    public List<String> retiringKeyIds() {
        return retiring;
    }

    /** Whether the key of older releases ({@code returnflow.drop-off.code-key}) is configured. */
    public boolean opensOlderReleaseCodes() {
        return legacy != null;
    }

    /** The hash a new code is stored under: with the active key. */
    public String lookupHash(DropOffCode code) {
        return hash(keys.get(activeId), code);
    }

    /**
     * The hashes a stored code may be found under: one per configured key (the active one first), and the
     * older releases' key's when it is configured.
     */
    public List<String> lookupHashes(DropOffCode code) {
        List<String> hashes = new ArrayList<>();
        hashes.add(lookupHash(code));
        keys.forEach((id, k) -> {
            if (!id.equals(activeId)) {
                hashes.add(hash(k, code));
            }
        });
        if (legacy != null) {
            hashes.add(hash(legacy, code));
        }
        return hashes;
    }

    /**
     * Seals the code with the active key, bound to the hash it is stored under ({@link #lookupHash}):
     * {@code <key id>:2:<Base64>}.
     */
    public String seal(DropOffCode code) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeId).aes(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(boundAad(activeId, lookupHash(code)));
            byte[] sealed = cipher.doFinal(code.value().getBytes(StandardCharsets.US_ASCII));
            return activeId + KEY_ID_SEPARATOR + BOUND + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * The id of the key a stored code was sealed with; null for a code of an older release (no key id).
     */
    public static String keyIdOf(String sealed) {
        int separator = sealed.indexOf(KEY_ID_SEPARATOR);
        return separator < 0 ? null : sealed.substring(0, separator);
    }

    /** What a bound seal authenticates besides the code: its key id and the hash of the row it is stored in. */
    private static byte[] boundAad(String keyId, String codeHash) {
        return (keyId + KEY_ID_SEPARATOR + codeHash).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Opens a stored code.
     *
     * @param codeHash the hash the code is stored under (its row's {@code code_hash}), which a bound seal
     *                 authenticates
     *
     * @throws CodeKeyUnavailable   the key it was sealed with is not configured (retired too early, or not yet
     *                              known to this node during a rotation): a clear 503, never a 500
     * @throws IllegalStateException the stored value was altered
     */
    public DropOffCode open(String sealed, String codeHash) {
        String keyId = keyIdOf(sealed);
        Keys k = keyId == null ? legacy : keys.get(keyId);
        if (k == null) {
            throw new CodeKeyUnavailable(keyId);
        }
        try {
            String body = keyId == null ? sealed : sealed.substring(keyId.length() + 1);
            boolean bound = keyId != null && body.startsWith(BOUND);
            byte[] bytes = Base64.getDecoder().decode(bound ? body.substring(BOUND.length()) : body);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, k.aes(), new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            if (bound) {
                cipher.updateAAD(boundAad(keyId, codeHash == null ? "" : codeHash));
            } else if (keyId != null) {
                cipher.updateAAD(keyId.getBytes(StandardCharsets.US_ASCII));
            }
            byte[] plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return new DropOffCode(new String(plain, StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A drop-off code sealed with key "
                    + (keyId == null ? "returnflow.drop-off.code-key" : "'" + keyId + "'")
                    + " cannot be opened: the stored value (or the row it is stored in) or the key's secret was changed",
                    e);
        }
    }

    private static String hash(Keys k, DropOffCode code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(k.mac());
            return HexFormat.of().formatHex(mac.doFinal(code.value().getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** 503: a stored code is sealed with a key this node is not configured with. */
    public static final class CodeKeyUnavailable extends ApiProblem {

        CodeKeyUnavailable(String keyId) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
                    "A drop-off code is sealed with "
                            + (keyId == null ? "the key of an older release (returnflow.drop-off.code-key)"
                                             : "key '" + keyId + "'")
                            + ", which this server is not configured with; operations must configure that key "
                            + "again. Nothing was recorded.", List.of(), Map.of());
        }
    }
}
