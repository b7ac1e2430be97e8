package io.returnflow.pickup;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** BPMN "Book pickup" (asyncBefore, retried): books the courier for the buyer's window. */
@Component("bookPickup")
public class BookPickup implements JavaDelegate {

    private final PickupService pickups;

    public BookPickup(PickupService pickups) {
        this.pickups = pickups;
    }

    @Override
    public void execute(DelegateExecution execution) {
        pickups.book((String) execution.getVariable("returnId"));
    }
}
