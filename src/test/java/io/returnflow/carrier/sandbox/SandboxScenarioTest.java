package io.returnflow.carrier.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SandboxScenarioTest {

    @ParameterizedTest(name = "{0} / {1} / {2} → {3}")
    @CsvSource(nullValues = "null", value = {
            "RF-R-1-1, 科技园 1 号, null, NORMAL",
            "RF-R-1-1, 科技园 1 号 sandbox:no-show, null, NEVER_COLLECTED",
            "RF-R-1-2, 科技园 1 号 sandbox:no-show, null, NORMAL",
            "RF-R-1-11, 科技园 1 号 sandbox:no-show, null, NORMAL",
            "RF-R-1-1, sandbox:no-show-always, null, NEVER_COLLECTED",
            "RF-R-1-2, SANDBOX:NO-SHOW-ALWAYS, null, NEVER_COLLECTED",
            "RF-R-1-1, 科技园 sandbox:lost, null, LOST",
            "RF-R-1-S1, 门店地址, 门店 S-LOST 发往仓库, LOST",
            "RF-R-1-S1, 门店地址, 门店 S-SZ-001, NORMAL",
            "RF-R-1-S1, null, null, NORMAL",
            "RF-R-1-1, 科技园 sandbox:carrier-cancels, null, CARRIER_CANCELS",
            "RF-R-1-2, 科技园 sandbox:carrier-cancels, null, NORMAL",
            "RF-R-1-1, 科技园 sandbox:waybill-change, null, WAYBILL_CHANGE",
            "RF-R-1-1, 科技园 sandbox:returned, null, RETURNED",
    })
    void chosenByMagicValues(String orderCode, String address, String remark, SandboxScenario expected) {
        assertThat(SandboxScenario.of(orderCode, address, remark)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(nullValues = "null", value = {
            "科技园 1 号 sandbox:carrier-unreachable, true",
            "SANDBOX:CARRIER-UNREACHABLE, true",
            "科技园 1 号, false",
            "科技园 sandbox:no-show, false",
            "null, false",
    })
    void theCarrierIsUnreachableForTheMagicAddressOnly(String address, boolean unreachable) {
        assertThat(SandboxScenario.unreachable(address)).isEqualTo(unreachable);
    }
}
