package io.returnflow.returns;

import java.time.Clock;
import java.time.OffsetDateTime;

import org.springframework.stereotype.Component;

import io.returnflow.returns.eligibility.EligibilityFacts;
import io.returnflow.returns.eligibility.EligibilityPolicy;
import io.returnflow.returns.eligibility.EligibilityVerdict;
import io.returnflow.returns.eligibility.ItemFacts;

/**
 * Asks the analysts' eligibility policy (DMN) about a would-be return (the quote). A return itself is
 * checked by the journey's business rule task "Check eligibility", against the same table.
 */
@Component
public class ReturnEligibility {

    private final EligibilityPolicy policy;
    private final Clock clock;

    public ReturnEligibility(EligibilityPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    public EligibilityVerdict of(ReturnRequest q) {
        String tier = q.customer().tier() == null ? "STANDARD" : q.customer().tier();
        return policy.evaluate(new EligibilityFacts(q.reason().name(), tier, q.deliveredAt(),
                OffsetDateTime.now(clock),
                q.items().stream().map(i -> new ItemFacts(i.lineId(), i.category())).toList()));
    }
}
