package io.returnflow.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import io.returnflow.platform.ApiProblem;

class StatementCsvTest {

    @Test
    void readsChargesWithABomCrlfQuotesAndColumnsInAnyOrder() {
        StatementCsv.Parsed parsed = StatementCsv.parse(bytes("\uFEFFdate,Waybill,charged_amount,weight_kg\r\n"
                + "2026-11-27,SF100,12.00,0.5\r\n\r\n\"2026-11-28\",\"SF101\",\"14\",1.2\r\n"), 100);

        assertThat(parsed.malformed()).isEmpty();
        assertThat(parsed.charges()).containsExactly(
                new StatementCsv.Charge(2, "SF100", new BigDecimal("12.00"), new BigDecimal("0.500"),
                        LocalDate.of(2026, 11, 27)),
                new StatementCsv.Charge(4, "SF101", new BigDecimal("14.00"), new BigDecimal("1.200"),
                        LocalDate.of(2026, 11, 28)));
    }

    @Test
    void rowsThatCannotBeReadAreKeptWithTheirLineNumberAndWhy() {
        StatementCsv.Parsed parsed = StatementCsv.parse(bytes("""
                waybill,charged_amount,weight_kg,date
                SF1,12.00,0.5,2026-11-27
                SF2,twelve,0.5,2026-11-27
                SF3,12.00,0.5
                ,12.00,0.5,2026/11/27
                SF4,12.001,-1,2026-11-27
                SF1,12.00,0.5,2026-11-27
                SF5,12.00,0.5,2026-11-27
                """), 100);

        assertThat(parsed.charges()).extracting(StatementCsv.Charge::waybill).containsExactly("SF1", "SF5");
        assertThat(parsed.malformed()).extracting(StatementCsv.Malformed::line).containsExactly(3, 4, 5, 6, 7);
        assertThat(parsed.malformed().get(0).reason()).contains("charged_amount 'twelve' is not a number");
        assertThat(parsed.malformed().get(0).text()).isEqualTo("SF2,twelve,0.5,2026-11-27");
        assertThat(parsed.malformed().get(1).reason()).isEqualTo("has 3 columns, expected 4");
        assertThat(parsed.malformed().get(2).reason()).contains("waybill is empty").contains("is not a date yyyy-MM-dd");
        assertThat(parsed.malformed().get(3).reason()).contains("more than 2 decimals").contains("weight_kg -1 is negative");
        assertThat(parsed.malformed().get(4).reason()).contains("charged again (first on line 2)");
    }

    @Test
    void datesNoStatementCanHaveAreMalformedRowsNotServerErrors() {
        StatementCsv.Parsed parsed = StatementCsv.parse(bytes("""
                waybill,charged_amount,weight_kg,date
                SF1,12.00,0.5,+999999999-12-31
                SF2,12.00,0.5,1970-01-01
                SF3,12.00,0.5,2026-11-27
                """), 100);

        assertThat(parsed.charges()).extracting(StatementCsv.Charge::waybill).containsExactly("SF3");
        assertThat(parsed.malformed()).extracting(StatementCsv.Malformed::line).containsExactly(2, 3);
        assertThat(parsed.malformed().get(0).reason()).contains("outside 2000–2100");
    }

    @Test
    void anUploadThatIsNoStatementIsRefusedNamingTheFile() {
        assertRefused(new byte[0], "is empty");
        assertRefused(bytes("\n\n"), "has no header line");
        assertRefused(bytes("SF1,12.00,0.5,2026-11-27\n"), "has no header line");
        assertRefused(bytes("waybill,amount,weight_kg,date\nSF1,12.00,0.5,2026-11-27\n"), "has the columns");
        assertRefused(bytes("waybill,charged_amount,weight_kg,date,extra\n"), "has the columns");
        assertRefused(new byte[] {(byte) 0xC3, (byte) 0x28, '\n'}, "is not UTF-8");
        assertRefused(bytes("waybill,charged_amount,weight_kg,date\nSF1,1,1,2026-01-01\nSF2,1,1,2026-01-01\n"),
                "more than 1 rows", 1);
    }

    private static void assertRefused(byte[] content, String why) {
        assertRefused(content, why, 100);
    }

    private static void assertRefused(byte[] content, String why, int maxRows) {
        assertThatThrownBy(() -> StatementCsv.parse(content, maxRows))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status().value()).isEqualTo(400);
                    assertThat(p.errors()).singleElement().satisfies(e -> {
                        assertThat(e.field()).isEqualTo("file");
                        assertThat(e.message()).contains(why);
                    });
                });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
