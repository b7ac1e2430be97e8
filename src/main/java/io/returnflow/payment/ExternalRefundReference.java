package io.returnflow.payment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The reference of a refund another channel made (a bank transfer, a voucher), as the "Resolve refund failure"
 * form asks for it and the refund ledger keeps it. One rule for the task's decision
 * ({@link ResolveRefundFailureDecided}) and for the ledger ({@link RefundService#recordMadeElsewhere}), so that
 * whatever way a reference comes in, the ledger holds only one the form would have taken.
 */
public final class ExternalRefundReference {

    /** The shortest reference, as the form's field takes it. */
    public static final int MIN_LENGTH = 3;
    /** The longest reference, as the form's field takes it. */
    public static final int MAX_LENGTH = 64;
    /** The form field's pattern: a letter or digit first, then letters, digits, spaces and {@code - _ . / : #}. */
    public static final Pattern PATTERN = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9 _./:#-]*$");

    private ExternalRefundReference() {
    }

    /**
     * What is wrong with a reference, for people, one line each; empty when it is a reference.
     *
     * @param reference trimmed, as the form sends it; null when none was given
     */
    public static List<String> problems(String reference) {
        List<String> problems = new ArrayList<>();
        if (reference == null || reference.isBlank()) {
            problems.add("Give the reference of the refund made by the other channel");
            return problems;
        }
        if (reference.length() < MIN_LENGTH || reference.length() > MAX_LENGTH) {
            problems.add("The refund reference takes " + MIN_LENGTH + " to " + MAX_LENGTH + " characters, not "
                    + reference.length());
        }
        if (!PATTERN.matcher(reference).matches()) {
            problems.add("The refund reference starts with a letter or digit and holds only letters, digits, spaces"
                    + " and - _ . / : #");
        }
        return problems;
    }
}
