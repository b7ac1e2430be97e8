package io.returnflow.payment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * A payment provider for tests: answers each call with the next scripted answer of its kind and
 * remembers what it was asked. An unscripted call fails the test.
 */
public final class ScriptedPaymentGateway implements PaymentGateway {

    public final List<RefundOrder> received = new ArrayList<>();
    public final List<String> listed = new ArrayList<>();
    public final List<String> looked = new ArrayList<>();
    private final Deque<Supplier<ProviderRefund>> refunds = new ArrayDeque<>();
    private final Deque<Supplier<List<ChargeRefund>>> lists = new ArrayDeque<>();
    private final Deque<Supplier<ProviderRefund>> lookups = new ArrayDeque<>();

    public void answers(Supplier<ProviderRefund> answer) {
        refunds.add(answer);
    }

    public void lists(Supplier<List<ChargeRefund>> answer) {
        lists.add(answer);
    }

    public void looksUp(Supplier<ProviderRefund> answer) {
        lookups.add(answer);
    }

    @Override
    public ProviderRefund refund(RefundOrder order) {
        received.add(order);
        return next(refunds, "refund");
    }

    @Override
    public List<ChargeRefund> refundsOf(String chargeId) {
        listed.add(chargeId);
        return next(lists, "refund list");
    }

    @Override
    public ProviderRefund refundStatus(String providerRefundId) {
        looked.add(providerRefundId);
        return next(lookups, "refund lookup");
    }

    private static <T> T next(Deque<Supplier<T>> script, String what) {
        if (script.isEmpty()) {
            throw new AssertionError("The provider was not expected to be asked for a " + what + " again");
        }
        return script.poll().get();
    }
}
