package io.returnflow.storecredit;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.TaskSubmission;
import io.returnflow.returns.ExceptionTaskClosed;
import io.returnflow.returns.ReturnProgress;

/**
 * The decision listener of "Resolve store credit failure" ({@value #TASK}): try the credit again (under a fresh
 * key), or record that it was issued by hand in the merchant's credit system, with that system's reference, and only
 * while the provider neither credited it nor may still have. What every exception task's listener does besides is
 * in {@link ExceptionTaskClosed}.
 */
@Component("resolveStoreCreditFailureDecided")
class ResolveStoreCreditFailureDecided extends ExceptionTaskClosed {

    static final String TASK = "Activity_ResolveStoreCreditFailure";
    static final String ISSUED_BY_HAND = "ISSUED_BY_HAND";
    /** String: the credit system's reference of a credit issued by hand, from the task's form. */
    static final String VAR_REFERENCE = "storeCreditReference";

    private final StoreCreditLedger ledger;

    ResolveStoreCreditFailureDecided(ReturnProgress progress, StoreCreditLedger ledger) {
        super(TASK, Set.of(IssueStoreCredit.VAR_DECISION, VAR_REFERENCE), progress);
        this.ledger = ledger;
    }

    @Override
    protected Decision decide(TaskSubmission submission, List<ApiProblem.FieldError> problems) {
        String decision = choice(submission, IssueStoreCredit.VAR_DECISION,
                List.of(IssueStoreCredit.RETRY, ISSUED_BY_HAND), problems);
        if (decision == null) {
            return null;
        }
        String type = "STORE_CREDIT_FAILURE_DECIDED";
        if (ISSUED_BY_HAND.equals(decision)) {
            String reference = submission.text(VAR_REFERENCE);
            String trimmed = reference == null ? "" : reference.trim();
            if (trimmed.isEmpty() || trimmed.length() > StoreCreditService.REFERENCE_LENGTH) {
                problems.add(new ApiProblem.FieldError(VAR_REFERENCE, "Give the credit system's reference of the "
                        + "credit issued by hand (1 to " + StoreCreditService.REFERENCE_LENGTH + " characters)"));
            }
            creditStillOpen(returnId(submission)).ifPresent(why ->
                    problems.add(new ApiProblem.FieldError(IssueStoreCredit.VAR_DECISION, why)));
            return new Decision(type, "store credit issued by hand, reference " + trimmed);
        }
        return new Decision(type, "retry the store credit");
    }

    /** Why a credit cannot be recorded as issued by hand: the provider credited it, or may have. */
    private Optional<String> creditStillOpen(String returnId) {
        Optional<StoreCredit> credit = returnId == null ? Optional.empty() : ledger.find(returnId);
        if (credit.isEmpty()) {
            return Optional.empty();
        }
        return switch (credit.get().status()) {
            case ISSUED -> Optional.of("The store credit is already issued; there is nothing to record");
            case SENT -> Optional.of("The store-credit system may have credited it (its answer is not known); retry "
                    + "instead, which looks it up first");
            case INTENDED, FAILED -> Optional.empty();
        };
    }
}
