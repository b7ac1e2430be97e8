package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.core.annotation.OrderUtils;

/** The leg that carries a return: the later leg (a store's shipment) before the earlier (its home pickup). */
class ReturnLegsTest {

    static final CarrierLeg PICKUP = new CarrierLeg("RF-1-1", "SF", "SF100", "COLLECTED");
    static final CarrierLeg SHIPMENT = new CarrierLeg("SS-1", "SF", null, null);

    @Order(CarrierLegs.EARLIER_LEG)
    static class Pickups implements CarrierLegs {
        @Override
        public Optional<CarrierLeg> legOf(String returnId) {
            return Optional.of(PICKUP);
        }
    }

    @Order(CarrierLegs.LATER_LEG)
    static class Shipments implements CarrierLegs {
        @Override
        public Optional<CarrierLeg> legOf(String returnId) {
            return Optional.ofNullable(Map.of("R-DROPPED-OFF", SHIPMENT).get(returnId));
        }
    }

    @Test
    void theStoresShipmentCarriesAReturnThatRidesInOneAndTheHomePickupAnyOther() {
        // registered earlier first, so that only the order can put the shipment ahead
        try (var context = new AnnotationConfigApplicationContext(Pickups.class, Shipments.class, ReturnLegs.class)) {
            ReturnLegs legs = context.getBean(ReturnLegs.class);

            assertThat(legs.carrying("R-DROPPED-OFF")).contains(SHIPMENT);
            assertThat(legs.carrying("R-HOME")).contains(PICKUP);
        }
    }

    @Test
    void noLegBeforeACourierIsBooked() {
        assertThat(new ReturnLegs(java.util.List.of()).carrying("R-NEW")).isEmpty();
    }

    @Test
    void theFeaturesTakeTheirPlaces() throws ClassNotFoundException {
        assertThat(OrderUtils.getOrder(Class.forName("io.returnflow.storeshipment.StoreShipments")))
                .isEqualTo(CarrierLegs.LATER_LEG);
        assertThat(OrderUtils.getOrder(Class.forName("io.returnflow.pickup.HomePickupLegs")))
                .isEqualTo(CarrierLegs.EARLIER_LEG);
    }
}
