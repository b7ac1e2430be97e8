package io.returnflow.carrier.kdniao;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The RequestData of a Kdniao push (101 tracking, 103 pickup status): at most ten entries, one per
 * order or waybill. A 101 entry is a full snapshot of the traces so far, not a delta; a 103 entry is one
 * step of the pickup order (its {@code State} in the pickup vocabulary, see {@link KdniaoStateMapping}).
 */
public record KdniaoPush(
        @JsonProperty("EBusinessID") String eBusinessId,
        @JsonProperty("PushTime") String pushTime,
        @JsonProperty("Count") Integer count,
        @JsonProperty("Data") List<Entry> data) {

    public KdniaoPush {
        data = data == null ? List.of() : List.copyOf(data);
    }

    /**
     * One order's or waybill's status. {@code CallBack} carries our return id. The fields after
     * {@code PickerInfo} come with some 103 codes only: the collection's and settlement's figures (301, 208,
     * 601; amounts as Kdniao writes them, numbers or texts), the previous carrier and waybill of a
     * re-dispatch (109), the outcome and new order code of an order change (402).
     */
    public record Entry(
            @JsonProperty("EBusinessID") String eBusinessId,
            @JsonProperty("OrderCode") String orderCode,
            @JsonProperty("ShipperCode") String shipperCode,
            @JsonProperty("LogisticCode") String logisticCode,
            @JsonProperty("Success") Boolean success,
            @JsonProperty("Reason") String reason,
            @JsonProperty("State") String state,
            @JsonProperty("StateEx") String stateEx,
            @JsonProperty("Location") String location,
            @JsonProperty("CallBack") String callBack,
            @JsonProperty("Traces") List<Trace> traces,
            @JsonProperty("PickerInfo") List<PickerInfo> pickerInfo,
            @JsonProperty("KDNOrderCode") String kdnOrderCode,
            @JsonProperty("CreateTime") String createTime,
            @JsonProperty("Weight") String weight,
            @JsonProperty("Volume") String volume,
            @JsonProperty("Cost") String cost,
            @JsonProperty("TotalFee") String totalFee,
            @JsonProperty("FirstWeightAmount") String firstWeightAmount,
            @JsonProperty("ContinuousWeightAmount") String continuousWeightAmount,
            @JsonProperty("InsureAmount") String insureAmount,
            @JsonProperty("PackageFee") String packageFee,
            @JsonProperty("OverFee") String overFee,
            @JsonProperty("OtherFee") String otherFee,
            @JsonProperty("OldShipperCode") String oldShipperCode,
            @JsonProperty("OldLogisticCode") String oldLogisticCode,
            @JsonProperty("UpdateStatus") String updateStatus,
            @JsonProperty("KdnOrderCodeNew") String kdnOrderCodeNew) {

        public Entry {
            traces = traces == null ? List.of() : List.copyOf(traces.stream().filter(t -> t != null).toList());
            pickerInfo = pickerInfo == null ? List.of() : List.copyOf(pickerInfo.stream().filter(p -> p != null).toList());
        }

        /** A tracking entry (101 snapshot, 1002 answer): no pickup-order fields. */
        public static Entry tracking(String orderCode, String shipperCode, String logisticCode, String state,
                                     String stateEx, String location, String callBack, String reason,
                                     List<Trace> traces) {
            return new Entry(null, orderCode, shipperCode, logisticCode, true, reason, state, stateEx, location, callBack,
                    traces, List.of(), null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null);
        }

        /** A pickup-status entry (103) with its courier and the collection's figures, as the sandbox sends them. */
        public static Entry pickupStatus(String orderCode, String kdnOrderCode, String shipperCode,
                                         String logisticCode, String state, String reason, String callBack,
                                         String createTime, List<PickerInfo> pickerInfo, Figures figures) {
            Figures f = figures == null ? Figures.NONE : figures;
            return new Entry(null, orderCode, shipperCode, logisticCode, true, reason, state, null, null, callBack,
                    List.of(), pickerInfo, kdnOrderCode, createTime, f.weight(), f.volume(), f.cost(), f.totalFee(),
                    f.firstWeightAmount(), f.continuousWeightAmount(), f.insureAmount(), f.packageFee(),
                    f.overFee(), f.otherFee(), null, null, null, null);
        }
    }

    /** The figures of a collection or settlement (103 codes 301, 208, 601), as Kdniao writes them. */
    public record Figures(String weight, String volume, String cost, String totalFee, String firstWeightAmount,
                          String continuousWeightAmount, String insureAmount, String packageFee, String overFee,
                          String otherFee) {

        static final Figures NONE = new Figures(null, null, null, null, null, null, null, null, null, null);
    }

    /** One scan. {@code Action} is the detailed code of that scan (same codes as StateEx). */
    public record Trace(
            @JsonProperty("AcceptTime") String acceptTime,
            @JsonProperty("AcceptStation") String acceptStation,
            @JsonProperty("Location") String location,
            @JsonProperty("Action") String action,
            @JsonProperty("Remark") String remark) {
    }

    /**
     * The courier (103 code 103) or the branch (102) who comes. Sent as a list; a single object is read too.
     * {@code PickupCode} is the code the buyer gives the courier at the door.
     */
    public record PickerInfo(
            @JsonProperty("PersonName") String personName,
            @JsonProperty("PersonTel") String personTel,
            @JsonProperty("PersonCode") String personCode,
            @JsonProperty("PickupCode") String pickupCode,
            @JsonProperty("StationName") String stationName,
            @JsonProperty("StationAddress") String stationAddress,
            @JsonProperty("StationTel") String stationTel) {
    }
}
