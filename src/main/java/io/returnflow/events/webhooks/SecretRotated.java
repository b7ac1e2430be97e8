package io.returnflow.events.webhooks;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** A rotation's answer: the new secret, shown once, and until when the older ones still sign. */
@Schema(description = "The new signing secret (shown in this answer only) and until when the older secrets still "
        + "sign: until then each delivery carries a `v1=` per secret.")
record SecretRotated(@Schema(example = "we_7Kc2Qm9Xv4Tb8Lp3Rz6Yn1Hd") String endpointId,
                     @Schema(example = "whsec_9Lm2Vx7Qa4Rt8Kp1Zc6Nb3Yw5Hd0JfEs2Gu8Io4Tk") String secret,
                     @Schema(description = "The older secrets stop signing then.") OffsetDateTime oldSecretsExpireAt) {
}
