package io.returnflow.returns;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** The leg that carries a return, whichever feature booked it: asks every {@link CarrierLegs} in its order. */
@Component
public class ReturnLegs {

    private final List<CarrierLegs> legs;

    /** @param legs in their {@link org.springframework.core.annotation.Order}: the later leg first */
    public ReturnLegs(List<CarrierLegs> legs) {
        this.legs = List.copyOf(legs);
    }

    /**
     * The leg that carries the return: the store's shipment it rode in after a drop-off, else its latest
     * home pickup; empty when no courier was booked for it yet.
     */
    public Optional<CarrierLeg> carrying(String returnId) {
        return legs.stream().map(l -> l.legOf(returnId)).flatMap(Optional::stream).findFirst();
    }
}
