package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskDecisionRefused;
import io.returnflow.platform.TaskSubmission;

/** What every exception task's decision listener does the same way, whatever its task's rules. */
class ExceptionTaskClosedTest {

    final ExceptionTaskFixture fixture = new ExceptionTaskFixture("Activity_Probe");
    final ExceptionTaskClosed listener = new ExceptionTaskClosed("Activity_Probe", Set.of("probeDecision"),
            fixture.progress) {
        @Override
        protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
            return choice(submission, "probeDecision", List.of("YES"), problems) == null ? null
                    : new Decision("PROBE_DECIDED", "yes for " + returnId(submission));
        }
    };

    @Test
    void itAnswersForItsOwnTaskAndItsFormsInputsOnly() {
        assertThat(listener.taskDefinitionKeys()).containsExactly("Activity_Probe");
        assertThat(listener.inputs("Activity_Probe")).containsExactly("probeDecision");
        assertThat(listener.inputs("Activity_Other")).isEmpty();
    }

    @Test
    void aRefusedDecisionNamesItsFieldAndWritesNothing() {
        fixture.variables.put("probeDecision", "NO");
        assertThatThrownBy(() -> listener.notify(fixture.task)).isInstanceOf(TaskDecisionRefused.class)
                .satisfies(e -> assertThat(((TaskDecisionRefused) e).errors()).extracting(ApiProblem.FieldError::field)
                        .containsExactly("probeDecision"))
                .hasMessageContaining("The decision cannot be carried out");
        verifyNoInteractions(fixture.progress);
        verify(fixture.task.getExecution(), never()).setVariable(anyString(), org.mockito.ArgumentMatchers.any());
    }

    @Test
    void theDecisionIsOnTheTimelineWithTheUserOfTheCallWhoIsHandedToTheNextSteps() {
        fixture.variables.put("probeDecision", "YES");
        // the user of the call, not the task's assignee: operations may complete a task customer service claimed
        fixture.completedBy("ops");

        listener.notify(fixture.task);

        verify(fixture.progress).actionTaken("R-1", "PROBE_DECIDED", "'a task': yes for R-1", "ops");
        verify(fixture.task.getExecution()).setVariable(ReturnJourney.VAR_DECIDED_BY, "ops");
    }

    @Test
    void aWithdrawnTaskRecordsThatNobodyDecided() {
        fixture.deleted();
        listener.notify(fixture.task);
        verify(fixture.progress).actionTaken(eq("R-1"), eq("ACTION_WITHDRAWN"), anyString(), eq("system"));
    }
}
