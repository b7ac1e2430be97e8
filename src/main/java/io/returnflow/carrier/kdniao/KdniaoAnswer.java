package io.returnflow.carrier.kdniao;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Kdniao's synchronous answer to an instruction (1801, 1802, 1008). {@code ResultCode} 100 is success;
 * others: 101 missing parameter, 102 validation, 103 format, 104 user problem, 105 other (including
 * "order already exists"), 106 this order code was already ordered successfully, 401–405 request-data problems.
 */
record KdniaoAnswer(
        @JsonProperty("EBusinessID") String eBusinessId,
        @JsonProperty("Success") Boolean success,
        @JsonProperty("ResultCode") String resultCode,
        @JsonProperty("Reason") String reason,
        @JsonProperty("UniquerRequestNumber") String uniquerRequestNumber,
        @JsonProperty("Order") Order order) {

    public static final String SUCCESS = "100";
    public static final String OTHER_ERROR = "105";
    /** 106 该订单号已下单成功: this order code was already ordered successfully (a repeated 1801). */
    public static final String ALREADY_ORDERED = "106";

    /** The booked order, when the answer is to a 1801; {@code KDNOrderCode} is Kdniao's own order code. */
    public record Order(
            @JsonProperty("OrderCode") String orderCode,
            @JsonProperty("ShipperCode") String shipperCode,
            @JsonProperty("LogisticCode") String logisticCode,
            @JsonProperty("KDNOrderCode") String kdnOrderCode) {
    }

    public boolean succeeded() {
        return Boolean.TRUE.equals(success) || (success == null && SUCCESS.equals(code()));
    }

    /** True when it is an answer at all (an HTML error page parsed as JSON would not be). */
    boolean isAnswer() {
        return success != null || resultCode != null;
    }

    public String code() {
        return resultCode == null ? "" : resultCode.trim();
    }

    public String reasonText() {
        return reason == null ? "" : reason.trim();
    }
}
