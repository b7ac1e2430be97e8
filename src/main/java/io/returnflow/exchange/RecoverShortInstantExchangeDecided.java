package io.returnflow.exchange;

import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnProgress;

/**
 * The decision listener of "Recover replacements beyond the accepted" ({@value #TASK}): inspection accepted fewer
 * pieces of an exchanged line than the instant exchange shipped at request; the accepted part was settled without
 * waiting.
 */
@Component("recoverShortInstantExchangeDecided")
class RecoverShortInstantExchangeDecided extends InstantExchangeRecoveryDecided {

    static final String TASK = "Activity_RecoverShortInstantExchange";

    RecoverShortInstantExchangeDecided(ReturnProgress progress) {
        super(TASK, "replacements beyond the accepted", progress);
    }
}
