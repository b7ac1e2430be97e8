package io.returnflow.carrier.kdniao;

import io.returnflow.platform.Text;

/**
 * Who pays a pickup, in Kdniao's terms (PayType, MonthCode), and where each value came from, so that a
 * refusal can name the setting to change.
 *
 * @param carrier         the ShipperCode the order is booked with; {@code null} when Kdniao chooses
 * @param payType         1 the sender pays, 2 the receiver pays, 3 a monthly account
 * @param payTypeSource   the setting {@code payType} came from, or a description when it came from the request
 * @param monthCode       the monthly account number; {@code null}: none is sent
 * @param monthCodeSource the setting {@code monthCode} came from (also when it is empty), or a description
 *                        when it came from the request
 */
record KdniaoPayment(String carrier, int payType, String payTypeSource, String monthCode,
                            String monthCodeSource) {

    static final String REQUEST_ACCOUNT = "the pickup request's own carrier account, e.g. a store's";

    /**
     * The payment when the pickup request names the account that pays (a store's monthly account for its
     * consolidated shipments): that account is the MonthCode, whatever is configured, and PayType is 3,
     * because {@link io.returnflow.carrier.PickupRequest#carrierAccount()} is the monthly account that pays
     * for the pickup; with "sender pays" or "receiver pays" someone else would. Without a request account
     * the configured payment stands.
     */
    public KdniaoPayment paidBy(String requestAccount) {
        String account = Text.trimToNull(requestAccount);
        if (account == null) {
            return this;
        }
        return new KdniaoPayment(carrier, KdniaoProperties.PAY_MONTHLY_ACCOUNT, REQUEST_ACCOUNT, account,
                REQUEST_ACCOUNT);
    }

    /** True when {@link #monthCode()} is the pickup request's own account rather than a setting. */
    public boolean accountFromRequest() {
        return REQUEST_ACCOUNT.equals(monthCodeSource);
    }
}
