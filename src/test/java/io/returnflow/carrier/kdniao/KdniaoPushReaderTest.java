package io.returnflow.carrier.kdniao;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.returnflow.carrier.TrackingState;
import io.returnflow.carrier.TrackingUpdate;
import io.returnflow.carrier.support.Recorded;
import org.junit.jupiter.api.Test;

class KdniaoPushReaderTest {

    private static final OffsetDateTime RECEIVED = OffsetDateTime.of(2026, 11, 30, 0, 0, 0, 0, ZoneOffset.UTC);

    private final KdniaoPushReader reader = new KdniaoPushReader(new KdniaoStateMapping());

    @Test
    void aSignedSnapshotBecomesOneSignedUpdateAtItsLatestTrace() throws Exception {
        KdniaoPush push = KdniaoPushReader.readPush(Recorded.kdniao("push-101-signed-snapshot.json"));

        assertThat(push.count()).isEqualTo(1);
        assertThat(push.data()).hasSize(1);
        assertThat(push.data().get(0).traces()).hasSize(3);
        TrackingUpdate update = reader.toUpdate("101", push.data().get(0), KdniaoTime.parse(push.pushTime()).get(),
                RECEIVED);

        assertThat(update.returnId()).isEqualTo("R-8F3K2Q");
        assertThat(update.orderCode()).isEqualTo("RF-R-8F3K2Q-1");
        assertThat(update.waybill()).isEqualTo("SF1402983417341");
        assertThat(update.state()).isEqualTo(TrackingState.SIGNED);
        // the latest trace by time, although it is not the last in the list; China time is UTC+8
        assertThat(update.at()).isEqualTo(OffsetDateTime.parse("2026-11-27T16:01:05+08:00"));
        assertThat(update.at().toInstant()).isEqualTo(OffsetDateTime.parse("2026-11-27T08:01:05Z").toInstant());
        assertThat(update.station()).isEqualTo("深圳市宝安区");
        assertThat(update.description()).isEqualTo("【深圳市】快件已签收，签收人：退货仓");
    }

    @Test
    void aPickupPushWithNumbersForStringsAndAnObjectForPickerInfoIsRead() throws Exception {
        KdniaoPush push = KdniaoPushReader.readPush(Recorded.kdniao("push-103-pickup-collected.json"));
        KdniaoPush.Entry entry = push.data().get(0);

        assertThat(entry.state()).isEqualTo("301");
        assertThat(entry.success()).isTrue();
        assertThat(entry.pickerInfo()).singleElement()
                .satisfies(p -> assertThat(p.stationName()).isEqualTo("南山科技园营业点"));
        TrackingUpdate update = reader.toUpdate("103", entry, KdniaoTime.parse(push.pushTime()).get(), RECEIVED);

        assertThat(update.state()).isEqualTo(TrackingState.COLLECTED);
        assertThat(update.report()).isEqualTo(TrackingUpdate.Report.PICKUP_ORDER);
        assertThat(update.waybill()).isEqualTo("SF1402983417341");
        assertThat(update.returnId()).isEqualTo("R-8F3K2Q");
        // no traces: the entry's own CreateTime, before the push time
        assertThat(update.at()).isEqualTo(OffsetDateTime.parse("2026-11-27T10:14:58+08:00"));
        assertThat(update.courier()).isEqualTo(new TrackingUpdate.Courier("李师傅", "13900000000", "4821"));
        // the carrier's own figures, numbers and texts alike
        assertThat(update.charge().kind()).isEqualTo(io.returnflow.carrier.CarrierCharge.Kind.COLLECTION);
        assertThat(update.charge().weightKg()).isEqualByComparingTo("1.2");
        assertThat(update.charge().totalFee()).isEqualByComparingTo("14.5");
        assertThat(update.charge().cost()).isEqualByComparingTo("12");
        assertThat(update.charge().feeLines()).containsEntry("InsureAmount", new java.math.BigDecimal("0.50"))
                .containsKeys("FirstWeightAmount", "ContinuousWeightAmount", "PackageFee", "OverFee", "OtherFee");
    }

    @Test
    void everyEntryOfAMultiEntryPushBecomesItsOwnUpdate() throws Exception {
        KdniaoPush push = KdniaoPushReader.readPush(Recorded.kdniao("push-101-multi.json"));

        assertThat(push.data()).hasSize(3);
        OffsetDateTime pushTime = KdniaoTime.parse(push.pushTime()).get();
        TrackingUpdate inTransit = reader.toUpdate("101", push.data().get(0), pushTime, RECEIVED);
        TrackingUpdate returned = reader.toUpdate("101", push.data().get(1), pushTime, RECEIVED);
        TrackingUpdate problem = reader.toUpdate("101", push.data().get(2), pushTime, RECEIVED);

        assertThat(inTransit.state()).isEqualTo(TrackingState.IN_TRANSIT);
        assertThat(inTransit.returnId()).isEqualTo("R-AAAA01");
        assertThat(returned.state()).isEqualTo(TrackingState.RETURNED_TO_SENDER);
        assertThat(returned.station()).isNull();
        // 407: returning to the sender, not signed
        assertThat(problem.state()).isEqualTo(TrackingState.RETURNED_TO_SENDER);
        assertThat(problem.description()).isEqualTo("问题件");
        assertThat(problem.at()).isEqualTo(pushTime);
    }

    @Test
    void withoutTracesOrPushTimeTheReceiptTimeIsUsed() throws Exception {
        KdniaoPush.Entry entry = KdniaoPushReader.readEntry(
                "{\"OrderCode\":\"RF-R-1-1\",\"CallBack\":\"R-1\",\"State\":\"0\",\"Unknown\":{\"x\":1}}");

        TrackingUpdate update = reader.toUpdate("101", entry, null, RECEIVED);

        assertThat(update.state()).isEqualTo(TrackingState.BOOKED);
        assertThat(update.at()).isEqualTo(RECEIVED);
        assertThat(update.waybill()).isNull();
    }

    @Test
    void aTruncatedPushIsUnreadable() {
        assertThatThrownBy(() -> KdniaoPushReader.readPush(Recorded.kdniao("push-malformed.txt")))
                .isInstanceOf(KdniaoPushReader.UnreadablePushException.class)
                .hasMessageContaining("not a Kdniao push");
    }

    @Test
    void anEntryWithAnUnknownStateIsUnreadableRatherThanGuessed() throws Exception {
        KdniaoPush.Entry entry = KdniaoPushReader.readEntry("{\"OrderCode\":\"RF-R-1-1\",\"State\":\"42\"}");

        assertThatThrownBy(() -> reader.toUpdate("101", entry, null, RECEIVED))
                .isInstanceOf(KdniaoPushReader.UnreadablePushException.class)
                .hasMessageContaining("unknown Kdniao 101 state 42");
    }

    @Test
    void kdniaoTimesAreChinaTime() {
        assertThat(KdniaoTime.parse("2026-11-27 09:00:00")).contains(OffsetDateTime.parse("2026-11-27T09:00:00+08:00"));
        assertThat(KdniaoTime.parse("2026-11-27T09:00:00.5")).isPresent();
        assertThat(KdniaoTime.parse("yesterday")).isEmpty();
        assertThat(KdniaoTime.format(OffsetDateTime.parse("2026-11-27T01:00:00Z"))).isEqualTo("2026-11-27 09:00:00");
    }
}
