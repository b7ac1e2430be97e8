package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.spin.Spin;
import org.junit.jupiter.api.Test;

/** The 400 a refused submission gets, and what counts as a read-only fact sent back unchanged. */
class TaskSubmissionCheckTest {

    @Test
    void theRefusalNamesEveryProblemOnALineOfItsOwnAndEscapesThemForTasklist() {
        TaskDecisionRefused refused = new TaskDecisionRefused("The inspection cannot be accepted", List.of(
                new ApiProblem.FieldError("inspectionItems[0].condition", "line L1 (<img src=x onerror=alert(1)>): "
                        + "choose its condition"),
                new ApiProblem.FieldError("inspectionOutcome", "ACCEPT takes every item in full & without deduction")));

        Map<String, Object> body = TaskSubmissionCheck.problem(refused);

        assertThat(body).containsEntry("status", 400).containsEntry("title", "The inspection cannot be accepted")
                .containsEntry("type", ApiProblem.TYPE_BASE + "decision-refused");
        // Tasklist shows `message` as text; other clients render it as HTML: no markup, every text escaped
        assertThat((String) body.get("message")).isEqualTo("The inspection cannot be accepted:"
                + " • line L1 (&lt;img src=x onerror=alert(1)&gt;): choose its condition"
                + " • ACCEPT takes every item in full &amp; without deduction");
        assertThat((String) body.get("detail")).isEqualTo("The inspection cannot be accepted:"
                + "\n- line L1 (<img src=x onerror=alert(1)>): choose its condition"
                + "\n- ACCEPT takes every item in full & without deduction");
        assertThat(body.get("errors")).isEqualTo(refused.errors());
    }

    @Test
    void aFactSentBackAsTheFormShowedItIsUnchanged() {
        assertThat(TaskSubmissionCheck.same("R-1", "R-1")).isTrue();
        assertThat(TaskSubmissionCheck.same(" R-1 ", "R-1")).isTrue();
        assertThat(TaskSubmissionCheck.same("", null)).isTrue();
        assertThat(TaskSubmissionCheck.same(5, 5L)).isTrue();
        assertThat(TaskSubmissionCheck.same("5.0", 5)).isTrue();
        assertThat(TaskSubmissionCheck.same("[{\"a\": 1}]", Spin.JSON("[{\"a\":1}]"))).isTrue();

        assertThat(TaskSubmissionCheck.same("R-2", "R-1")).isFalse();
        assertThat(TaskSubmissionCheck.same("R-1", null)).isFalse();
        assertThat(TaskSubmissionCheck.same("[{\"a\": 2}]", Spin.JSON("[{\"a\":1}]"))).isFalse();
    }
}
