package io.returnflow.exchange;

import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnProgress;

/**
 * The decision listener of "Recover the instant exchange" ({@value #TASK}): replacements shipped at request for a
 * return whose parcel never came, or whose items the inspector rejected.
 */
@Component("recoverInstantExchangeDecided")
class RecoverInstantExchangeDecided extends InstantExchangeRecoveryDecided {

    static final String TASK = "Activity_RecoverInstantExchange";

    RecoverInstantExchangeDecided(ReturnProgress progress) {
        super(TASK, "instant exchange", progress);
    }
}
