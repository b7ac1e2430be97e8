package io.returnflow.storecredit.http;

import java.util.List;

/**
 * A credit as the protocol answers it: {@code {id, status, amount, bonus, currency, reference, createdAt}} and,
 * optionally, {@code customerId} (the account it is on).
 */
record CreditObject(String id, String status, String amount, String bonus, String currency, String reference,
                    String customerId, String createdAt) {
}

/** The answer of {@code GET /v1/credits?reference=}: {@code {data: [credit...]}}. */
record CreditList(List<CreditObject> data) {
}
