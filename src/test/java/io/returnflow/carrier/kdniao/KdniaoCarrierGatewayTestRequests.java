package io.returnflow.carrier.kdniao;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import io.returnflow.carrier.PickupRequest;

/** Pickup requests as the journey makes them. */
public final class KdniaoCarrierGatewayTestRequests {

    private KdniaoCarrierGatewayTestRequests() {
    }

    public static PickupRequest request(String orderCode, String returnId, String addressLine) {
        PickupRequest.Party buyer = new PickupRequest.Party("张三", "13800000000", "广东省", "深圳市", "南山区",
                addressLine, "518000");
        PickupRequest.Party warehouse = new PickupRequest.Party("仓库收货组", "075500000000", "广东省", "深圳市", "宝安区",
                "福永街道 物流园 3 号库", "518103");
        return new PickupRequest(orderCode, returnId, buyer, warehouse,
                List.of(new PickupRequest.Commodity("T 恤", 1, new BigDecimal("0.5"), new BigDecimal("99.00"))),
                new BigDecimal("1.0"), 1, OffsetDateTime.parse("2026-11-27T09:00:00+08:00"),
                OffsetDateTime.parse("2026-11-27T11:00:00+08:00"), "退货", null);
    }
}
