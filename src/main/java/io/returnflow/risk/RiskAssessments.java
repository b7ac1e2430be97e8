package io.returnflow.risk;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The returns' risk assessments ({@code risk_assessments}): what the table decided, why, and the review. */
@Repository
public class RiskAssessments {

    /** The key of the decision in {@code processes/return-risk.dmn}. */
    public static final String DECISION_KEY = "return-risk";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;

    public RiskAssessments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(RiskAssessment assessment) {
        jdbc.sql("""
                        insert into risk_assessments (return_id, decided_at, decision_key, decision_version, actions,
                                                      rules, facts)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(assessment.returnId(), assessment.decidedAt(), assessment.decisionKey(),
                        assessment.decisionVersion(), String.join(",", assessment.actions()),
                        write(assessment.rules()), write(assessment.facts()))
                .update();
    }

    /** Customer service's review, on the return's latest assessment. */
    void reviewed(String returnId, RiskAssessment.Review review) {
        jdbc.sql("""
                        update risk_assessments
                        set review_decision = ?, review_note = ?, reviewed_by = ?, reviewed_at = ?
                        where id = (select max(id) from risk_assessments where return_id = ?)""")
                .params(review.decision(), review.note(), review.by(), review.at(), returnId)
                .update();
    }

    /** The return's latest assessment; empty for a return never assessed (requested before risk assessments). */
    public Optional<RiskAssessment> latest(String returnId) {
        return jdbc.sql("""
                        select * from risk_assessments where return_id = ?
                        order by id desc fetch first 1 rows only""")
                .param(returnId)
                .query((rs, row) -> new RiskAssessment(rs.getString("return_id"),
                        rs.getObject("decided_at", OffsetDateTime.class), rs.getString("decision_key"),
                        rs.getInt("decision_version"), actions(rs.getString("actions")),
                        read(rs.getString("rules"), new TypeReference<List<RiskAssessment.Rule>>() { }),
                        read(rs.getString("facts"), new TypeReference<LinkedHashMap<String, Object>>() { }),
                        rs.getString("review_decision") == null ? null : new RiskAssessment.Review(
                                rs.getString("review_decision"), rs.getString("review_note"),
                                rs.getString("reviewed_by"), rs.getObject("reviewed_at", OffsetDateTime.class))))
                .optional();
    }

    private static List<String> actions(String joined) {
        return joined == null || joined.isBlank() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a risk assessment", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read a risk assessment", e);
        }
    }
}
