package io.returnflow.dropoff;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

import io.returnflow.dropoff.CheckInAudit.Outcome;
import io.returnflow.platform.ApiProblem;

/**
 * A code the counter cannot take, answered as the API's problem: 400 (field {@code code}) for a
 * mistyped one, 404 for an unknown one, 409 with a {@code detail} that says why for a used, expired,
 * cancelled or other store's code. Carries the audit's outcome and, when known, the return.
 */
final class CodeRefused extends ApiProblem {

    private final Outcome outcome;
    private final String returnId;

    private CodeRefused(HttpStatus status, String type, String title, String detail, List<FieldError> errors,
                        Outcome outcome, String returnId) {
        super(status, type, title, detail, errors, Map.of());
        this.outcome = outcome;
        this.returnId = returnId;
    }

    static CodeRefused malformed() {
        String message = "is not a valid drop-off code (check for a mistyped character)";
        return new CodeRefused(HttpStatus.BAD_REQUEST, "validation", "Invalid request", "code: " + message,
                List.of(new FieldError("code", message)), Outcome.MALFORMED, null);
    }

    static CodeRefused unknown(DropOffCode code) {
        return new CodeRefused(HttpStatus.NOT_FOUND, "not-found", "Not found", "No drop-off code " + code, List.of(),
                Outcome.UNKNOWN, null);
    }

    static CodeRefused conflict(Outcome outcome, String returnId, String detail) {
        String type = switch (outcome) {
            case USED -> "code-used";
            case EXPIRED -> "code-expired";
            case CANCELLED -> "code-cancelled";
            case OTHER_STORE -> "code-other-store";
            default -> throw new IllegalArgumentException(outcome + " is no conflict");
        };
        return new CodeRefused(HttpStatus.CONFLICT, type, "Code cannot be checked in", detail, List.of(), outcome,
                returnId);
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The return the code belongs to; null for a mistyped or unknown code. */
    public String returnId() {
        return returnId;
    }
}
