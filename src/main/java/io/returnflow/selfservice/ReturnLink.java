package io.returnflow.selfservice;

import java.time.OffsetDateTime;
import java.util.List;

import io.returnflow.returns.ReturnRequest;

/**
 * A return link: the order as the merchant's system sent it, until when it opens the buyer's page, and the return
 * last started from it.
 *
 * @param shippingAddress  where the order was delivered; {@code null} when the merchant did not say
 * @param returnId         the return last started from the link; {@code null} before the first
 * @param confirmationHash the fingerprint of the confirmation that started it
 * @param returnsStarted   how many returns were started from the link
 */
record ReturnLink(String id, String orderId, OffsetDateTime orderedAt, OffsetDateTime deliveredAt,
                  ReturnRequest.Customer customer, ReturnRequest.Payment payment, List<ReturnLinkRequest.Line> items,
                  ReturnRequest.Address shippingAddress, String createdBy, OffsetDateTime createdAt,
                  OffsetDateTime expiresAt, String returnId, String confirmationHash, int returnsStarted) {

    /** The order line of this id, if the order has one. */
    java.util.Optional<ReturnLinkRequest.Line> line(String lineId) {
        return items.stream().filter(i -> i.lineId().equals(lineId)).findFirst();
    }
}
