package io.returnflow.carrier.kdniao;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The form every Kdniao call travels in, both directions: the JSON payload, who sends it, which
 * instruction it is, and its signature.
 *
 * @param requestData the JSON text exactly as signed (form-encoded only on the wire)
 * @param dataSign    {@link DataSign#sign} of {@code requestData}, not yet URL-encoded
 */
public record KdniaoEnvelope(String requestData, String eBusinessId, String requestType, String dataSign) {

    /** {@code DataType} 2 = JSON, the only format we speak. */
    public static final String DATA_TYPE_JSON = "2";

    /** Signs {@code requestData} with the app key. */
    public static KdniaoEnvelope signed(String requestType, String requestData, String eBusinessId, String appKey) {
        return new KdniaoEnvelope(requestData, eBusinessId, requestType, DataSign.sign(requestData, appKey));
    }

    /**
     * The form fields in Kdniao's order. Values are raw: the form encoder URL-encodes each exactly once
     * (which is the "URL-encode" step of Kdniao's DataSign recipe).
     */
    public Map<String, String> toForm() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("RequestData", requestData);
        form.put("EBusinessID", eBusinessId);
        form.put("RequestType", requestType);
        form.put("DataSign", dataSign);
        form.put("DataType", DATA_TYPE_JSON);
        return form;
    }
}
