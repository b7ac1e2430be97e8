package io.returnflow.carrier.kdniao;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The RequestData of a Kdniao push (101 tracking, 103 pickup status): at most ten entries, one per
 * order or waybill. A 101 entry is a full snapshot of the traces so far, not a delta.
 */
public record KdniaoPush(
        @JsonProperty("EBusinessID") String eBusinessId,
        @JsonProperty("PushTime") String pushTime,
        @JsonProperty("Count") Integer count,
        @JsonProperty("Data") List<Entry> data) {

    public KdniaoPush {
        data = data == null ? List.of() : List.copyOf(data);
    }

    /** One order's or waybill's status. {@code CallBack} carries our return id. */
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
            @JsonProperty("PickerInfo") List<PickerInfo> pickerInfo) {

        public Entry {
            traces = traces == null ? List.of() : List.copyOf(traces.stream().filter(t -> t != null).toList());
            pickerInfo = pickerInfo == null ? List.of() : List.copyOf(pickerInfo.stream().filter(p -> p != null).toList());
        }
    }

    /** One scan. {@code Action} is the detailed code of that scan (same codes as StateEx). */
    public record Trace(
            @JsonProperty("AcceptTime") String acceptTime,
            @JsonProperty("AcceptStation") String acceptStation,
            @JsonProperty("Location") String location,
            @JsonProperty("Action") String action,
            @JsonProperty("Remark") String remark) {
    }

    /** The courier who comes (103). Sent as an object or a list; both are read. */
    public record PickerInfo(
            @JsonProperty("PersonName") String personName,
            @JsonProperty("PersonTel") String personTel,
            @JsonProperty("PersonCode") String personCode,
            @JsonProperty("StationName") String stationName,
            @JsonProperty("StationAddress") String stationAddress,
            @JsonProperty("StationTel") String stationTel) {
    }
}
