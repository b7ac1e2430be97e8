package io.returnflow.selfservice;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.media.Schema;

import io.returnflow.journey.ReturnQuotes;
import io.returnflow.journey.ReturnView;
import io.returnflow.returns.Resolution;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnReason;
import io.returnflow.returns.ReturnRequest;

/** What the buyer's page reads and sends: the order behind a link, the buyer's choice, the return as the buyer sees it. */
final class BuyerViews {

    private BuyerViews() {
    }

    @Schema(name = "BuyerOrder", description = "The order behind a return link, line by line as the return policy "
            + "sees it today.")
    record Order(String linkId, String orderId, OffsetDateTime orderedAt, OffsetDateTime deliveredAt,
                 @Schema(description = "The page's first language: `zh-CN` or `en`.") String language,
                 String customerName, OffsetDateTime expiresAt, String currency,
                 @Schema(description = "Where the order was delivered, for a home pickup; may be null.")
                 ReturnRequest.Address shippingAddress,
                 List<Line> lines,
                 @Schema(description = "The return last started from this link; null before the first.")
                 String returnId,
                 @Schema(description = "How many more returns this link may start.") int returnsLeft,
                 @Schema(description = "How often the page asks how the return stands, in seconds.")
                 long pollSeconds) {
    }

    @Schema(name = "BuyerOrderLine", description = "An order line: whether the policy takes it back, and for which "
            + "reasons.")
    record Line(String lineId, String sku, String name, String category,
                @Schema(description = "How many were ordered: the most that can go back.") int quantity,
                @Schema(description = "A decimal string.", example = "99.00") String unitPrice,
                @Schema(description = "Whether the policy takes it back for at least one reason.") boolean returnable,
                @Schema(description = "The return reasons the policy takes it back for.") List<ReturnReason> reasons,
                @Schema(description = "When not returnable: the policy's code (`NON_RETURNABLE_CATEGORY`, "
                        + "`RETURN_WINDOW_EXPIRED`, `NO_POLICY`) and its sentence.") String refusalCode,
                String refusal,
                @Schema(description = "Per reason the line is taken back for: how it may be settled, as the table "
                        + "`return-resolutions` allows, and what each would give for the whole line (the quote "
                        + "gives it for the chosen pieces).") List<LineResolutions> resolutions,
                @Schema(description = "What the shop can send in exchange, as the link carries it; empty unless "
                        + "`EXCHANGE` is allowed for at least one reason.") List<ExchangeOption> exchangeOptions) {
    }

    @Schema(name = "BuyerLineResolutions", description = "How a line may be settled when returned for a reason.")
    record LineResolutions(ReturnReason reason, List<ReturnQuotes.QuoteResolution> allowed,
                           @Schema(description = "The rule of `return-resolutions` that answered.") String rule) {
    }

    @Schema(name = "BuyerExchangeOption", description = "A variant the shop can send in exchange.")
    record ExchangeOption(@Schema(example = "SKU-1-L") String sku, @Schema(example = "T 恤 L") String name,
                          @Schema(description = "A decimal string.", example = "89.00") String unitPrice) {
    }

    @Schema(name = "BuyerChoice", description = "What the buyer chose: lines and quantities, the reason, and (to "
            + "confirm) how the parcel comes back.")
    record Choice(@NotEmpty @Size(max = 100) List<@NotNull @Valid ChosenLine> lines,
                  @NotNull ReturnReason reason,
                  @Schema(description = "Needed to confirm; for a quote, left out: both methods are quoted.")
                  ReturnMethod method,
                  @Schema(description = "For `HOME_PICKUP`: the address and one of the offered windows (a quote "
                          + "takes the address alone).") @Valid PickupChoice pickup,
                  @Schema(description = "For `STORE_DROPOFF`: the store.") @Valid ReturnRequest.DropOff dropOff,
                  @Schema(description = "With an `EXCHANGE` line only: the buyer asks for the replacement before the "
                          + "returned item arrives (granted if the shop trusts the return). `false` when left out.")
                  Boolean instantExchange) {

        Choice(List<ChosenLine> lines, ReturnReason reason, ReturnMethod method, PickupChoice pickup,
               ReturnRequest.DropOff dropOff) {
            this(lines, reason, method, pickup, dropOff, null);
        }
    }

    @Schema(name = "BuyerChosenLine", description = "A line, how many of it go back, and how it is settled.")
    record ChosenLine(@NotBlank @Size(max = 64) String lineId, @Min(1) @Max(9999) int quantity,
                      @Schema(description = "`REFUND`, `STORE_CREDIT` or `EXCHANGE`, among those the line's "
                              + "`resolutions` allow for the reason; `REFUND` when left out.") Resolution resolution,
                      @Schema(description = "For `EXCHANGE` (and only then): the sku of one of the line's "
                              + "`exchangeOptions`.", example = "SKU-1-L") @Size(max = 64) String exchangeSku) {

        ChosenLine(String lineId, int quantity) {
            this(lineId, quantity, null, null);
        }
    }

    @Schema(name = "BuyerPickupChoice", description = "Where the courier collects, and when.")
    record PickupChoice(@NotNull @Valid ReturnRequest.Address address, @Valid ReturnRequest.Window window) {
    }

    @Schema(name = "BuyerQuote", description = "What the return would give, per way back.")
    record Quote(boolean eligible, List<String> reasons, List<MethodQuote> options,
                 @Schema(description = "Per chosen line: the resolutions allowed, what each gives, the one chosen.")
                 List<ReturnQuotes.QuoteLine> lines) {
    }

    @Schema(name = "BuyerMethodQuote", description = "The freight, refund and settlement of one way back.")
    record MethodQuote(ReturnMethod method, ReturnView.FreightView freight, ReturnQuotes.QuoteRefund refund,
                       @Schema(description = "What the return would pay back, part by part: refund, store credit and "
                               + "its bonus, exchange difference.") ReturnView.SettlementView settlement) {
    }

    @Schema(name = "BuyerStore", description = "A drop-off store and when it is open.")
    record Store(String id, String name, String province, String city, String district, String address,
                 String phone, @Schema(example = "10:00-22:00") String openingHours) {
    }

    @Schema(name = "BuyerPickupWindows", description = "The upcoming windows a courier can be booked for.")
    record Windows(String city, List<Window> windows) {
    }

    @Schema(name = "BuyerWindow", description = "A pickup window.")
    record Window(OffsetDateTime start, OffsetDateTime end) {
    }

    @Schema(name = "BuyerWindowChoice", description = "The new pickup window, one of those offered.")
    record WindowChoice(@NotNull OffsetDateTime start) {
    }

    @Schema(name = "BuyerCancellation", description = "Why the buyer cancels (optional).")
    record Cancellation(@Size(max = 500) String reason) {
    }

    @Schema(name = "BuyerReturn", description = "The return as the buyer follows it.")
    record Return(String id, String status, ReturnMethod method, ReturnReason reason, List<Item> items,
                  Refund refund,
                  @Schema(description = "What the return pays back, part by part.") ReturnView.SettlementView settlement,
                  Pickup pickup, DropOff dropOff, List<Step> timeline,
                  @Schema(description = "Whether the buyer may still cancel (the parcel has not left).")
                  boolean cancellable,
                  @Schema(description = "After a missed pickup, while customer service has not decided: the windows "
                          + "the buyer may choose from; null otherwise.") List<Window> windowChoice) {
    }

    @Schema(name = "BuyerReturnItem")
    record Item(String lineId, String name, int quantity,
                @Schema(description = "`REFUND`, `STORE_CREDIT` or `EXCHANGE`.") String resolution,
                @Schema(description = "For `EXCHANGE`: what the shop sends instead; null otherwise.")
                ReturnView.ReplacementView exchangeFor) {
    }

    @Schema(name = "BuyerRefund", description = "Money as decimal strings in `currency`.")
    record Refund(String status, String due, String itemsTotal, String freightDeducted, String restockingFee,
                  String amount, String currency) {
    }

    @Schema(name = "BuyerPickup", description = "The booked window, and once the carrier sent one, the courier and "
            + "the pickup code (取件码) to give them.")
    record Pickup(Window window, Integer attempt, String courierName, String courierPhone, String pickupCode) {
    }

    @Schema(name = "BuyerDropOff", description = "The store, the code to show there, and its QR image.")
    record DropOff(Store store, String code, OffsetDateTime expiresAt, OffsetDateTime checkedInAt,
                   @Schema(description = "The code as a QR image (PNG), under the same link.") String qr) {
    }

    @Schema(name = "BuyerStep", description = "Something that happened, as the page tells it (`type` is the "
            + "timeline's: `REQUESTED`, `PICKUP_BOOKED`, `COLLECTED`, `CHECKED_IN`, `SIGNED`, `REFUNDED`, …).")
    record Step(OffsetDateTime at, String type) {
    }
}
