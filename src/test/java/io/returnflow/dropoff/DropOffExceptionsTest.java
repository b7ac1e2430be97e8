package io.returnflow.dropoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.returnflow.pickup.PickupBookings;
import io.returnflow.pickup.ReturnFixture;
import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnMethod;
import io.returnflow.returns.ReturnStatus;

/** A failed pickup switched to a store drop-off, and a drop-off code that expires unused. */
class DropOffExceptionsTest {

    final ReturnFixture f = new ReturnFixture();
    final DropOffProperties properties = TestCodeKeys.properties(Duration.ofMinutes(10));
    final DropOffCodes codes = new DropOffCodes(f.db.jdbc(), new CodeVault(properties), properties, f.clock);
    final DropOffService dropOffs = new DropOffService(codes, f.returns, f.progress, null, f.stores, f.pickups, f.clock);

    @BeforeEach
    void aBookedPickup() {
        f.homePickup("R-SWITCH1");
        f.pickups.book("R-SWITCH1");
    }

    @Test
    void switchingCancelsTheCourierAndMakesTheReturnADropOffAtTheChosenStore() {
        dropOffs.switchFromPickup("R-SWITCH1", "S-SZ-001", "cs");

        assertThat(f.carrier.cancelled).containsExactly("RF-R-SWITCH1-1");
        assertThat(f.bookings.find("RF-R-SWITCH1-1").orElseThrow().status()).isEqualTo(PickupBookings.Status.CANCELLED);
        CustomerReturn r = f.returns.get("R-SWITCH1");
        assertThat(r.method()).isEqualTo(ReturnMethod.STORE_DROPOFF);
        assertThat(r.dropOffStoreId()).isEqualTo("S-SZ-001");
        assertThat(f.timeline.list("R-SWITCH1")).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("SWITCHED_TO_DROP_OFF");
            assertThat(e.actor()).isEqualTo("cs");
        });

        DropOffCodes.IssuedCode issued = dropOffs.issue("R-SWITCH1");
        assertThat(issued.storeId()).isEqualTo("S-SZ-001");
        assertThat(f.returns.get("R-SWITCH1").status()).isEqualTo(ReturnStatus.AWAITING_DROP_OFF);
    }

    @Test
    void anUnknownStoreIsRefusedBeforeTheCarrierIsCalled() {
        assertThatIllegalArgumentException().isThrownBy(() -> dropOffs.switchFromPickup("R-SWITCH1", "S-NOPE", "cs"))
                .withMessageContaining("'S-NOPE' is not an active drop-off store");
        assertThat(f.carrier.cancelled).isEmpty();
        assertThat(f.returns.get("R-SWITCH1").method()).isEqualTo(ReturnMethod.HOME_PICKUP);
    }

    @Test
    void aCourierWhoHasTheParcelStopsTheSwitch() {
        f.carrier.refuseCancellation = true;

        assertThatIllegalStateException().isThrownBy(() -> dropOffs.switchFromPickup("R-SWITCH1", "S-SZ-001", "cs"))
                .withMessageContaining("its courier has the parcel");
        assertThat(f.returns.get("R-SWITCH1").method()).isEqualTo(ReturnMethod.HOME_PICKUP);
    }

    @Test
    void anUnusedCodeExpiresAndTheReturnEndsExpiredWithItsOrderLinesFree() {
        dropOffs.switchFromPickup("R-SWITCH1", "S-SZ-001", "cs");
        dropOffs.issue("R-SWITCH1");
        f.clock.advance(Duration.ofMinutes(11));

        assertThat(dropOffs.expire("R-SWITCH1")).isTrue();

        assertThat(codes.current("R-SWITCH1").orElseThrow().status()).isEqualTo(DropOffCodes.Status.EXPIRED);
        assertThat(f.returns.get("R-SWITCH1").status()).isEqualTo(ReturnStatus.EXPIRED);
        assertThat(f.returns.claimedLines("SO-R-SWITCH1", java.util.List.of("L1"))).isEqualTo(Map.of());
        assertThat(f.timelineTypes("R-SWITCH1")).endsWith("EXPIRED");
    }

    @Test
    void aCodeCheckedInMeanwhileDoesNotExpire() {
        dropOffs.switchFromPickup("R-SWITCH1", "S-SZ-001", "cs");
        DropOffCodes.IssuedCode issued = dropOffs.issue("R-SWITCH1");
        assertThat(codes.redeem(issued.code(), "clerk", java.time.OffsetDateTime.now(f.clock))).isTrue();

        assertThat(dropOffs.expire("R-SWITCH1")).isFalse();

        assertThat(codes.current("R-SWITCH1").orElseThrow().status()).isEqualTo(DropOffCodes.Status.USED);
        assertThat(f.returns.get("R-SWITCH1").status()).isEqualTo(ReturnStatus.AWAITING_DROP_OFF);
    }
}
