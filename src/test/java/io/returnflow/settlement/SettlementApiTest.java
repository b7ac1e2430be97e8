package io.returnflow.settlement;

import static io.returnflow.support.ReturnRequests.homePickup;
import static io.returnflow.support.ReturnRequests.item;
import static io.returnflow.support.ReturnRequests.newOrderId;
import static io.returnflow.support.ReturnRequests.storeDropOff;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import io.returnflow.carrier.CarrierCharge;
import io.returnflow.settlement.ShipmentFreight.BookedShipment;
import io.returnflow.carrier.sandbox.SandboxCarrierOrders;
import io.returnflow.carrier.sandbox.SandboxCourier;
import io.returnflow.support.Courier;
import io.returnflow.support.Eventually;

/** Freight from the rate table in quotes and returns, the freight ledger, and carrier reconciliation over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class SettlementApiTest {

    static final String STATEMENTS = "/api/settlement/carrier-statements";
    static final String HEADER = "waybill,charged_amount,weight_kg,date\n";

    @Autowired
    TestRestTemplate rest;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FreightLedger ledger;

    @Autowired
    SandboxCourier sandboxCourier;

    @Autowired
    SandboxCarrierOrders sandboxOrders;

    /** The longest the asynchronous work of a journey may take; waits end as soon as it is done. */
    static final Duration JOURNEY_TIMEOUT = Duration.ofSeconds(120);

    TestRestTemplate merchant() {
        return rest.withBasicAuth("merchant", "merchant");
    }

    TestRestTemplate ops() {
        return rest.withBasicAuth("ops", "ops");
    }

    ResponseEntity<JsonNode> postJson(String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return merchant().exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }

    ResponseEntity<JsonNode> uploadFile(TestRestTemplate client, String query, byte[] content) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return "sf-statement.csv";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return client.exchange(STATEMENTS + query, HttpMethod.POST, new HttpEntity<>(parts, headers), JsonNode.class);
    }

    ResponseEntity<JsonNode> uploadCsv(TestRestTemplate client, String query, String csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return client.exchange(STATEMENTS + query, HttpMethod.POST,
                new HttpEntity<>(csv.getBytes(StandardCharsets.UTF_8), headers), JsonNode.class);
    }

    /** A store drop-off return (nothing is booked before the store checks it in) to hang ledger entries on. */
    String aReturn() {
        ResponseEntity<JsonNode> created = postJson("/api/returns", storeDropOff(newOrderId(), "S-SZ-001"));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    void shipped(String returnId, String orderCode, String waybill, String bookedAt) {
        ledger.booked(new BookedShipment(orderCode, "SF", waybill, returnId, FreightService.HOME_PICKUP, "广东省",
                "广东省", new BigDecimal("0.5"), "BUYER", new BigDecimal("12.00"), "CNY",
                OffsetDateTime.parse(bookedAt)));
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    @Test
    void quotesAndReturnsShowTheFreightOfTheRateRow() {
        Map<String, Object> local = homePickup(newOrderId());
        local.put("reason", "CHANGED_MIND");
        JsonNode quote = postJson("/api/return-quotes", local).getBody();
        assertThat(quote.path("freight").path("amount").asText()).isEqualTo("12.00");
        assertThat(quote.path("freight").path("rule").asText()).isEqualTo("SF 广东省→广东省");
        assertThat(quote.path("freight").path("payer").asText()).isEqualTo("BUYER");
        assertThat(quote.path("refund").path("freightDeducted").asText()).isEqualTo("12.00");

        // from another province, three pieces of 0.5 kg: first kg 18.00 + one started kg 5.00
        Map<String, Object> far = homePickup(newOrderId());
        @SuppressWarnings("unchecked")
        Map<String, Object> address = (Map<String, Object>) ((Map<String, Object>) far.get("pickup")).get("address");
        address.put("province", "浙江省");
        address.put("city", "杭州市");
        item(far, 0).put("quantity", 3);
        JsonNode farQuote = postJson("/api/return-quotes", far).getBody();
        assertThat(farQuote.path("freight").path("amount").asText()).isEqualTo("23.00");
        assertThat(farQuote.path("freight").path("rule").asText()).isEqualTo("SF *→广东省");
        assertThat(farQuote.path("freight").path("payer").asText()).isEqualTo("MERCHANT");

        ResponseEntity<JsonNode> dropOff = postJson("/api/returns", storeDropOff(newOrderId(), "S-SH-001"));
        assertThat(dropOff.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(dropOff.getBody().path("freight").path("amount").asText()).isEqualTo("8.00");
        assertThat(dropOff.getBody().path("freight").path("rule").asText()).isEqualTo("SF store-shipment *→*");
        String stored = jdbc.sql("select freight_rule from returns where id = ?")
                .param(dropOff.getBody().path("id").asText()).query(String.class).single();
        assertThat(stored).isEqualTo("SF store-shipment *→*");
    }

    @Test
    void everyCarrierBookingEntersTheFreightLedger() {
        ResponseEntity<JsonNode> created = postJson("/api/returns", homePickup(newOrderId()));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = created.getBody().path("id").asText();

        Eventually.await("the freight ledger entry", JOURNEY_TIMEOUT,
                () -> ledger.find("RF-" + id + "-1"), entry -> entry.isPresent());
        FreightLedger.Entry entry = ledger.find("RF-" + id + "-1").orElseThrow();
        assertThat(entry.carrier()).isEqualTo("SF");
        assertThat(entry.expectedAmount()).isEqualByComparingTo("12.00");
        assertThat(entry.rateRule()).isEqualTo("SF 广东省→广东省");
        assertThat(entry.returns()).singleElement().satisfies(a -> {
            assertThat(a.returnId()).isEqualTo(id);
            assertThat(a.payer()).isEqualTo("MERCHANT");
            assertThat(a.amount()).isEqualByComparingTo("12.00");
        });
        long entries = jdbc.sql("""
                        select count(*) from freight_ledger l join freight_ledger_returns r on r.ledger_id = l.id
                        where r.return_id = ?""").param(id).query(Long.class).single();
        assertThat(entries).isEqualTo(1);

        // the carrier names the waybill at collection; the ledger knows it through the booking
        new Courier(sandboxCourier, sandboxOrders, jdbc).collect("RF-" + id + "-1");
        Eventually.await("the waybill", JOURNEY_TIMEOUT,
                () -> ledger.find("RF-" + id + "-1").orElseThrow().waybill(), waybill -> waybill != null);
    }

    @Test
    void aStatementIsMatchedAgainstTheLedgerAndTheReportIsKept() {
        String returnId = aReturn();
        String matched1 = unique("SFM"), mismatched = unique("SFX"), missing = unique("SFN"),
                lateBound = unique("SFL"), unknown = unique("SFU"), heavier = unique("SFW");
        shipped(returnId, "RF-T-" + matched1, matched1, "2031-03-01T10:00:00+08:00");
        shipped(returnId, "RF-T-" + mismatched, mismatched, "2031-03-01T11:00:00+08:00");
        shipped(returnId, "RF-T-" + heavier, heavier, "2031-03-01T12:00:00+08:00");
        shipped(returnId, "RF-T-" + missing, missing, "2031-03-02T23:30:00+08:00");
        // the carrier named this waybill only at collection: the ledger entry has none, the booking has it
        shipped(returnId, "RF-T-" + lateBound, null, "2031-03-02T09:00:00+08:00");
        jdbc.sql("""
                        insert into pickup_bookings (order_code, return_id, attempt, purpose, carrier, waybill, status, booked_at)
                        values (?, ?, 99, 'HOME_PICKUP', 'SF', ?, 'BOOKED', ?)""")
                .params("RF-T-" + lateBound, returnId, lateBound, OffsetDateTime.parse("2031-03-02T09:00:00+08:00"))
                .update();
        // outside the statement's dates: not expected on it
        shipped(returnId, "RF-T-" + unique("SFO"), unique("SFO"), "2031-03-03T00:30:00+08:00");

        String csv = HEADER
                + matched1 + ",12.00,0.5,2031-03-01\n"
                + mismatched + ",15.50,0.8,2031-03-01\n"
                + unknown + ",9.00,0.4,2031-03-02\n"
                + lateBound + ",12,0.5,2031-03-02\n"
                + heavier + ",12.00,2.5,2031-03-01\n";
        ResponseEntity<JsonNode> posted = uploadFile(ops(), "?carrier=SF", csv.getBytes(StandardCharsets.UTF_8));

        assertThat(posted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode report = posted.getBody();
        assertThat(posted.getHeaders().getLocation()).hasToString(STATEMENTS + "/" + report.path("id").asLong());
        assertThat(report.path("periodStart").asText()).isEqualTo("2031-03-01");
        assertThat(report.path("periodEnd").asText()).isEqualTo("2031-03-02");
        assertThat(report.path("fileName").asText()).isEqualTo("sf-statement.csv");
        assertThat(report.path("uploadedBy").asText()).isEqualTo("ops");

        assertThat(report.path("matched").findValuesAsText("waybill")).containsExactly(matched1, lateBound);
        assertThat(report.path("matched").get(1).path("orderCode").asText()).isEqualTo("RF-T-" + lateBound);
        assertThat(report.path("matched").get(0).path("returnIds").get(0).asText()).isEqualTo(returnId);

        assertThat(report.path("amountMismatches")).hasSize(1);
        JsonNode mismatch = report.path("amountMismatches").get(0);
        assertThat(mismatch.path("waybill").asText()).isEqualTo(mismatched);
        assertThat(mismatch.path("line").asInt()).isEqualTo(3);
        assertThat(mismatch.path("chargedAmount").asText()).isEqualTo("15.50");
        assertThat(mismatch.path("expectedAmount").asText()).isEqualTo("12.00");
        assertThat(mismatch.path("difference").asText()).isEqualTo("3.50");
        // the statement's weight and the one we declared: another weight, but in the same first kilogram, so
        // the same price; the carrier pushed no figures of its own
        assertThat(mismatch.path("weightKg").asText()).isEqualTo("0.8");
        assertThat(mismatch.path("declaredWeightKg").asText()).isEqualTo("0.5");
        assertThat(mismatch.path("weightPricedAmount").asText()).isEqualTo("12.00");
        assertThat(mismatch.path("carrierReported").isNull()).isTrue();
        assertThat(mismatch.path("chargeDiffersFromCarrierFee").isNull()).isTrue();

        // charged our quote, but for 2.5 kg where we declared 0.5: by our rates 2.5 kg costs 16.00, not 12.00
        assertThat(report.path("weightDiscrepancies")).hasSize(1);
        JsonNode heavy = report.path("weightDiscrepancies").get(0);
        assertThat(heavy.path("waybill").asText()).isEqualTo(heavier);
        assertThat(heavy.path("line").asInt()).isEqualTo(6);
        assertThat(heavy.path("weightKg").asText()).isEqualTo("2.5");
        assertThat(heavy.path("declaredWeightKg").asText()).isEqualTo("0.5");
        assertThat(heavy.path("weightPricedAmount").asText()).isEqualTo("16.00");
        assertThat(heavy.path("chargedAmount").asText()).isEqualTo("12.00");
        assertThat(heavy.path("expectedAmount").asText()).isEqualTo("12.00");
        assertThat(heavy.path("difference").asText()).isEqualTo("0.00");
        assertThat(report.path("matched").findValuesAsText("waybill")).doesNotContain(heavier);

        assertThat(report.path("unknownWaybills")).hasSize(1);
        assertThat(report.path("unknownWaybills").get(0).path("waybill").asText()).isEqualTo(unknown);
        assertThat(report.path("unknownWaybills").get(0).path("weightPricedAmount").isNull()).isTrue();
        assertThat(report.path("unknownWaybills").get(0).path("chargedAmount").asText()).isEqualTo("9.00");
        assertThat(report.path("unknownWaybills").get(0).path("line").asInt()).isEqualTo(4);

        assertThat(report.path("notCharged")).hasSize(1);
        assertThat(report.path("notCharged").get(0).path("waybill").asText()).isEqualTo(missing);
        assertThat(report.path("notCharged").get(0).path("expectedAmount").asText()).isEqualTo("12.00");
        assertThat(report.path("notCharged").get(0).path("line").isNull()).isTrue();
        assertThat(report.path("notCharged").get(0).path("declaredWeightKg").asText()).isEqualTo("0.5");

        assertThat(report.path("malformed")).isEmpty();
        assertThat(report.path("summary").path("rows").asInt()).isEqualTo(5);
        assertThat(report.path("summary").path("matched").asInt()).isEqualTo(2);
        assertThat(report.path("summary").path("amountMismatches").asInt()).isEqualTo(1);
        assertThat(report.path("summary").path("weightDiscrepancies").asInt()).isEqualTo(1);
        assertThat(report.path("summary").path("chargedTotal").asText()).isEqualTo("60.50");
        assertThat(report.path("summary").path("expectedTotal").asText()).isEqualTo("60.00");

        // kept: the same report again, later
        JsonNode again = ops().getForObject(posted.getHeaders().getLocation(), JsonNode.class);
        assertThat(again).isEqualTo(report);
    }

    @Test
    void theReportShowsTheCarriersOwnFiguresAndFlagsABillOtherThanItsOwnTotalFee() {
        String returnId = aReturn();
        String honest = unique("SFH"), overbilled = unique("SFO");
        shipped(returnId, "RF-T-" + honest, honest, "2031-06-01T10:00:00+08:00");
        shipped(returnId, "RF-T-" + overbilled, overbilled, "2031-06-01T11:00:00+08:00");
        OffsetDateTime collected = OffsetDateTime.parse("2031-06-01T15:00:00+08:00");
        // the carrier weighed more than declared and told us 15.50 for both at collection
        for (String waybill : List.of(honest, overbilled)) {
            ledger.carrierCharged("RF-T-" + waybill, waybill, new CarrierCharge(CarrierCharge.Kind.COLLECTION,
                    new BigDecimal("1.2"), null, new BigDecimal("15.50"), new BigDecimal("13.00"),
                    Map.of("保价费", new BigDecimal("2.50"))), collected);
        }
        assertThat(ledger.find("RF-T-" + honest).orElseThrow().carrierFigures().totalFee())
                .isEqualByComparingTo("15.50");

        String csv = HEADER + honest + ",15.50,1.2,2031-06-01\n" + overbilled + ",18.00,1.2,2031-06-01\n";
        ResponseEntity<JsonNode> posted = uploadCsv(ops(), "?carrier=SF", csv);

        assertThat(posted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode report = posted.getBody();
        // both are weight discrepancies: billed for 1.2 kg, which our rates price at 14.00, where we declared
        // 0.5 kg (12.00); the carrier's own figures stand beside them
        assertThat(report.path("amountMismatches")).isEmpty();
        assertThat(report.path("weightDiscrepancies").findValuesAsText("waybill")).containsExactly(honest, overbilled);
        JsonNode billedAsTold = report.path("weightDiscrepancies").get(0);
        assertThat(billedAsTold.path("declaredWeightKg").asText()).isEqualTo("0.5");
        assertThat(billedAsTold.path("weightPricedAmount").asText()).isEqualTo("14.00");
        assertThat(billedAsTold.path("carrierReported").path("kind").asText()).isEqualTo("COLLECTION");
        assertThat(billedAsTold.path("carrierReported").path("weightKg").asText()).isEqualTo("1.2");
        assertThat(billedAsTold.path("carrierReported").path("totalFee").asText()).isEqualTo("15.50");
        assertThat(billedAsTold.path("carrierReported").path("feeDifference").asText()).isEqualTo("3.50");
        assertThat(billedAsTold.path("carrierReported").path("chargedOverTotalFee").asText()).isEqualTo("0.00");
        assertThat(billedAsTold.path("chargeDiffersFromCarrierFee").asBoolean(true)).isFalse();

        JsonNode billedMore = report.path("weightDiscrepancies").get(1);
        assertThat(billedMore.path("difference").asText()).isEqualTo("6.00");
        assertThat(billedMore.path("carrierReported").path("chargedOverTotalFee").asText()).isEqualTo("2.50");
        assertThat(billedMore.path("chargeDiffersFromCarrierFee").asBoolean(false)).isTrue();
        assertThat(report.path("summary").path("chargesDifferingFromCarrierFee").asInt()).isEqualTo(1);

        JsonNode again = ops().getForObject(posted.getHeaders().getLocation(), JsonNode.class);
        assertThat(again).isEqualTo(report);
    }

    @Test
    void malformedRowsAreReportedWithTheirLineNumbers() {
        String returnId = aReturn();
        String waybill = unique("SFA");
        shipped(returnId, "RF-T-" + waybill, waybill, "2031-05-10T10:00:00+08:00");

        String csv = "\uFEFF" + HEADER
                + waybill + ",12.00,0.5,2031-05-10\n"
                + "SF-BROKEN,12.00,0.5\n"
                + "\n"
                + "SF-BAD-DATE,12.00,0.5,10.05.2031\n";
        ResponseEntity<JsonNode> posted = uploadCsv(ops(), "?periodStart=2031-05-10&periodEnd=2031-05-10", csv);

        assertThat(posted.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode report = posted.getBody();
        assertThat(report.path("matched").findValuesAsText("waybill")).containsExactly(waybill);
        assertThat(report.path("malformed").findValuesAsText("line")).containsExactly("3", "5");
        assertThat(report.path("malformed").get(0).path("reason").asText()).isEqualTo("has 3 columns, expected 4");
        assertThat(report.path("malformed").get(1).path("reason").asText()).contains("is not a date yyyy-MM-dd");
        assertThat(report.path("malformed").get(1).path("text").asText()).isEqualTo("SF-BAD-DATE,12.00,0.5,10.05.2031");
        assertThat(report.path("summary").path("rows").asInt()).isEqualTo(3);
        assertThat(report.path("unknownWaybills")).isEmpty();
        assertThat(report.path("notCharged")).isEmpty();
    }

    @Test
    void aBadUploadIs400NamingTheFile() {
        for (ResponseEntity<JsonNode> response : List.of(
                uploadFile(ops(), "", new byte[0]),
                uploadCsv(ops(), "", "waybill;charged_amount;weight_kg;date\nSF1;12.00;0.5;2031-01-01\n"),
                uploadCsv(ops(), "", "SF1,12.00,0.5,2031-01-01\n"))) {
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
            assertThat(response.getBody().path("errors").findValuesAsText("field")).containsExactly("file");
        }
        ResponseEntity<JsonNode> halfAPeriod = uploadCsv(ops(), "?periodStart=2031-01-01", HEADER);
        assertThat(halfAPeriod.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(halfAPeriod.getBody().path("errors").findValuesAsText("field")).containsExactly("periodEnd");
    }

    @Test
    void anUnknownReportIs404() {
        ResponseEntity<JsonNode> response = ops().getForEntity(STATEMENTS + "/999999", JsonNode.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    }

    @Test
    void onlyOperationsReconcile() {
        String csv = HEADER + unique("SFZ") + ",1.00,0.5,2031-07-01\n";
        assertThat(uploadCsv(merchant(), "", csv).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(merchant().getForEntity(STATEMENTS + "/1", JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<JsonNode> byOps = uploadCsv(ops(), "", csv);
        assertThat(byOps.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(byOps.getBody().path("unknownWaybills")).hasSize(1);
    }
}
