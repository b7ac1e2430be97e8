package io.returnflow.exchange;

/** The journey variables of the exchange region (ids and decisions only). */
final class ExchangeVariables {

    /** Boolean, set as the journey reaches "Exchange lines?": whether the return exchanges a line. */
    static final String EXCHANGE_LINES = "exchangeLines";
    /** Boolean, set by "Place instant exchange order": the order was placed before the parcel was handed over. */
    static final String INSTANT_EXCHANGE_PLACED = "instantExchangePlaced";
    /** String, set by "Look up the exchange order": the order's {@link ExchangeStatus}. */
    static final String EXCHANGE_ORDER_STATUS = "exchangeOrderStatus";
    /** Integer, counted by "Ask the shop". */
    static final String EXCHANGE_ASKS = "exchangeAsks";
    /** Boolean, set by "Fall back from the exchange": lines the policy names no fallback for wait for a person. */
    static final String EXCHANGE_LINES_LEFT = "exchangeLinesLeft";
    /** String, the form's choice on "Resolve refused exchange": REFUND or STORE_CREDIT. */
    static final String EXCHANGE_FALLBACK = "exchangeFallback";
    /** String, the form's choice on "Chase the exchange order": KEEP_WAITING or GIVE_UP. */
    static final String EXCHANGE_CHASE_DECISION = "exchangeChaseDecision";
    /**
     * Boolean, set after an accepted or partial inspection of a return whose instant exchange was placed: the instant
     * order shipped more replacements of some line than inspection accepted ({@link InstantExchangeShortfalls}).
     */
    static final String INSTANT_EXCHANGE_SHORT = "instantExchangeShort";
    /**
     * String, the form's choice on "Recover the instant exchange" and on "Recover replacements beyond the accepted":
     * RECOVERED or WRITTEN_OFF.
     */
    static final String INSTANT_EXCHANGE_RECOVERY = "instantExchangeRecovery";

    private ExchangeVariables() {
    }
}
