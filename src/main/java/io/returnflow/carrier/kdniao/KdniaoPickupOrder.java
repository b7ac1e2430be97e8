package io.returnflow.carrier.kdniao;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.returnflow.carrier.PickupRequest;

/**
 * The RequestData of a 1801 pickup order, in Kdniao's field names. Every text value is cleaned of the
 * characters Kdniao forbids ({@code ' " # & + < > % \}), which would otherwise break its parsing or
 * its signature check on their side.
 */
record KdniaoPickupOrder(
        @JsonProperty("OrderCode") String orderCode,
        @JsonProperty("ShipperCode") String shipperCode,
        @JsonProperty("PayType") Integer payType,
        @JsonProperty("MonthCode") String monthCode,
        @JsonProperty("ExpType") Integer expType,
        @JsonProperty("CallBack") String callBack,
        @JsonProperty("StartDate") String startDate,
        @JsonProperty("EndDate") String endDate,
        @JsonProperty("Weight") BigDecimal weight,
        @JsonProperty("Quantity") Integer quantity,
        @JsonProperty("Remark") String remark,
        @JsonProperty("Sender") Party sender,
        @JsonProperty("Receiver") Party receiver,
        @JsonProperty("Commodity") List<Goods> commodity) {

    /** ExpType 1: standard express. */
    static final int EXP_STANDARD = 1;

    private static final Pattern FORBIDDEN = Pattern.compile("['\"#&+<>%\\\\]");

    public record Party(
            @JsonProperty("Name") String name,
            @JsonProperty("Mobile") String mobile,
            @JsonProperty("ProvinceName") String provinceName,
            @JsonProperty("CityName") String cityName,
            @JsonProperty("ExpAreaName") String expAreaName,
            @JsonProperty("Address") String address,
            @JsonProperty("PostCode") String postCode) {

        static Party of(PickupRequest.Party party) {
            if (party == null) {
                return null;
            }
            return new Party(clean(party.name()), clean(party.mobile()), clean(party.province()),
                    clean(party.city()), clean(party.district()), clean(party.address()), clean(party.postCode()));
        }
    }

    public record Goods(
            @JsonProperty("GoodsName") String goodsName,
            @JsonProperty("Goodsquantity") Integer goodsQuantity,
            @JsonProperty("GoodsWeight") BigDecimal goodsWeight,
            @JsonProperty("GoodsPrice") BigDecimal goodsPrice) {

        static Goods of(PickupRequest.Commodity commodity) {
            return new Goods(clean(commodity.name()), commodity.quantity(), commodity.weightKg(), commodity.price());
        }
    }

    /**
     * The order for a pickup request, booked with the payment's carrier (its ShipperCode; {@code null} when
     * Kdniao chooses the carrier) and paid as the payment says.
     */
    public static KdniaoPickupOrder of(PickupRequest request, KdniaoPayment payment) {
        List<Goods> goods = request.commodities() == null ? List.of()
                : request.commodities().stream().map(Goods::of).toList();
        return new KdniaoPickupOrder(
                clean(request.orderCode()),
                clean(payment.carrier()),
                payment.payType(),
                clean(payment.monthCode()),
                EXP_STANDARD,
                clean(request.returnId()),
                request.windowStart() == null ? null : KdniaoTime.format(request.windowStart()),
                request.windowEnd() == null ? null : KdniaoTime.format(request.windowEnd()),
                request.weightKg(),
                request.quantity(),
                clean(request.remark()),
                Party.of(request.sender()),
                Party.of(request.receiver()),
                goods);
    }

    /** Removes Kdniao's forbidden characters; null stays null. */
    public static String clean(String value) {
        return value == null ? null : FORBIDDEN.matcher(value).replaceAll("");
    }
}
