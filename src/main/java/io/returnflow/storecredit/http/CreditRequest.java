package io.returnflow.storecredit.http;

/**
 * The body of {@code POST /v1/credits}. Money as decimal strings in major units ({@code "99.00"}), so that no
 * system on the way rounds it as a binary float.
 *
 * @param reference the return id
 */
record CreditRequest(String customerId, String orderId, String reference, String currency, String amount,
                     String bonus) {
}
