package io.returnflow.carrier.kdniao;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.returnflow.carrier.CarrierUnavailableException;
import io.returnflow.carrier.PickupBooking;
import io.returnflow.carrier.PickupCancellation;
import io.returnflow.carrier.support.Recorded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Where the instructions go: each to its own path under the base URL (production, the in-app sandbox),
 * or all four to one gateway URL, told apart by their RequestType (Kdniao's own test environment,
 * {@code http://sandboxapi.kdniao.com:8080/kdniaosandbox/gateway/exterfaceInvoke.json}).
 */
class KdniaoGatewayModesTest {

    private static final String SANDBOX_GATEWAY = "/kdniaosandbox/gateway/exterfaceInvoke.json";
    private static final String ORDER_SERVICE = "/gateway/api/OOrderService";
    private static final String DISTRIBUTION = "/gateway/api/dist";
    private static final String TRACKING_QUERY = "/gateway/Ebusiness/EbusinessOrderHandle.aspx";
    private static final String WAYBILL = "SF1402983417341";
    private static final int READ_TIMEOUT_MS = 2000;
    private static final String SUCCESS = "{\"EBusinessID\":\"1000001\",\"Success\":true,\"ResultCode\":\"100\","
            + "\"Reason\":\"\"}";

    private static WireMockServer kdniao;
    private static ConfigurableApplicationContext perInstruction;
    private static ConfigurableApplicationContext singleGateway;

    @BeforeAll
    static void start() {
        kdniao = new WireMockServer(wireMockConfig().dynamicPort());
        kdniao.start();
        perInstruction = KdniaoTestContext.start(kdniao.port(), READ_TIMEOUT_MS);
        // the base URL stays configured: the gateway URL wins over it
        singleGateway = KdniaoTestContext.start(kdniao.port(), READ_TIMEOUT_MS,
                "--returnflow.carrier.kdniao.gateway-url=http://localhost:${test.kdniao.port}" + SANDBOX_GATEWAY);
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {perInstruction,
                singleGateway}) {
            if (context != null) {
                context.close();
            }
        }
        kdniao.stop();
    }

    @BeforeEach
    void reset() {
        kdniao.resetAll();
    }

    @Test
    void perInstructionEachInstructionGoesToItsOwnPath() {
        answer(ORDER_SERVICE, "1801", Recorded.kdniao("answer-1801-booked.json"));
        answer(ORDER_SERVICE, "1802", SUCCESS);
        answer(DISTRIBUTION, "1008", SUCCESS);
        answer(TRACKING_QUERY, "1002", Recorded.kdniao("answer-1002-in-transit.json"));

        runAllFour(perInstruction.getBean(KdniaoCarrierGateway.class));

        assertThat(sent()).containsExactly(
                Map.entry(ORDER_SERVICE, "1801"), Map.entry(ORDER_SERVICE, "1802"),
                Map.entry(DISTRIBUTION, "1008"), Map.entry(TRACKING_QUERY, "1002"));
    }

    @Test
    void withAGatewayUrlEveryInstructionGoesToThatOneUrlWithItsRequestType() {
        answer(SANDBOX_GATEWAY, "1801", Recorded.kdniao("answer-1801-booked.json"));
        answer(SANDBOX_GATEWAY, "1802", SUCCESS);
        answer(SANDBOX_GATEWAY, "1008", SUCCESS);
        answer(SANDBOX_GATEWAY, "1002", Recorded.kdniao("answer-1002-in-transit.json"));

        runAllFour(singleGateway.getBean(KdniaoCarrierGateway.class));

        assertThat(sent()).containsExactly(
                Map.entry(SANDBOX_GATEWAY, "1801"), Map.entry(SANDBOX_GATEWAY, "1802"),
                Map.entry(SANDBOX_GATEWAY, "1008"), Map.entry(SANDBOX_GATEWAY, "1002"));
        // the same signed envelope as on the per-instruction paths
        for (LoggedRequest request : kdniao.findAll(postRequestedFor(anyUrl()))) {
            assertThat(request.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded; charset=UTF-8");
            Map<String, String> form = form(request);
            assertThat(form.keySet()).containsExactly("RequestData", "EBusinessID", "RequestType", "DataSign",
                    "DataType");
            assertThat(DataSign.verify(form.get("RequestData"), form.get("DataSign"), KdniaoTestContext.APP_KEY))
                    .isTrue();
        }
    }

    @Test
    void anUnreachableGatewayIsUnavailableAndNamesTheGatewayUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ConfigurableApplicationContext nowhere = KdniaoTestContext.start(kdniao.port(), READ_TIMEOUT_MS,
                "--returnflow.carrier.kdniao.gateway-url=http://localhost:" + closedPort + SANDBOX_GATEWAY)) {
            KdniaoCarrierGateway unreachable = nowhere.getBean(KdniaoCarrierGateway.class);

            assertThatThrownBy(() -> unreachable.queryTracking("SF", WAYBILL, null))
                    .isInstanceOf(CarrierUnavailableException.class)
                    .hasMessageContaining("could not be reached for 1002")
                    .hasMessageContaining("localhost:" + closedPort + SANDBOX_GATEWAY);
        }
        assertThat(kdniao.findAll(postRequestedFor(anyUrl()))).isEmpty();
    }

    private static void runAllFour(KdniaoCarrierGateway gateway) {
        assertThat(gateway.bookPickup(KdniaoCarrierGatewayTest.request("RF-R-1-1")))
                .isEqualTo(new PickupBooking("RF-R-1-1", "SF", null, "KDNIST2611270001"));
        assertThat(gateway.cancelPickup("RF-R-1-1", "SF")).isEqualTo(new PickupCancellation.Cancelled("RF-R-1-1"));
        gateway.subscribe("SF", WAYBILL, "RF-R-1-1", "R-1");
        assertThat(gateway.queryTracking("SF", WAYBILL, "RF-R-1-1").stateEx()).isEqualTo("201");
    }

    /** Kdniao's answer to one instruction at one path; anything else gets WireMock's 404. */
    private static void answer(String path, String requestType, String body) {
        kdniao.stubFor(post(urlEqualTo(path)).withRequestBody(containing("RequestType=" + requestType + "&"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(body.getBytes(StandardCharsets.UTF_8))));
    }

    /** Path and RequestType of every request Kdniao received, in order. */
    private static List<Map.Entry<String, String>> sent() {
        return kdniao.findAll(postRequestedFor(anyUrl())).stream()
                .map(r -> Map.entry(r.getUrl(), form(r).get("RequestType")))
                .toList();
    }

    private static Map<String, String> form(LoggedRequest request) {
        return KdniaoCarrierGatewayTest.decode(new String(request.getBody(), StandardCharsets.US_ASCII));
    }
}
