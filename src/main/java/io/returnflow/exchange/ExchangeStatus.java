package io.returnflow.exchange;

/** Where an exchange order stands, as ReturnFlow knows it. */
public enum ExchangeStatus {
    /** Written before the shop is called; the call's answer is not known yet. */
    PLACING,
    /** The shop took the order and answers later (outcome API, or when asked). */
    PENDING,
    CONFIRMED,
    OUT_OF_STOCK,
    REFUSED;

    public boolean answered() {
        return this == CONFIRMED || this == OUT_OF_STOCK || this == REFUSED;
    }

    static ExchangeStatus of(ShopAnswer.Outcome outcome) {
        return switch (outcome) {
            case CONFIRMED -> CONFIRMED;
            case PENDING -> PENDING;
            case OUT_OF_STOCK -> OUT_OF_STOCK;
            case REFUSED -> REFUSED;
        };
    }
}
