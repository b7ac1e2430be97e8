package io.returnflow.notification.sms.sandbox;

/**
 * What the sandbox SMS provider does with a message, chosen by its number: five magic numbers in the unassigned-looking
 * range {@code 1990000xxxx} (like a payment provider's test cards; see the sandbox's OpenAPI description), which no
 * example or test buyer uses, so that every other number is simply sent:
 * <ul>
 *   <li>{@value #ILLEGAL_NUMBER}: refused, {@code isv.MOBILE_NUMBER_ILLEGAL} (refused for good);</li>
 *   <li>{@value #THROTTLED}: the first {@code returnflow.sms.sandbox.throttled-tries} tries of a message (its
 *       OutId) are answered {@code isv.BUSINESS_LIMIT_CONTROL} 触发分钟级流控Permits:1, then it is taken;</li>
 *   <li>{@value #FLAKY}: the first {@code returnflow.sms.sandbox.flaky-failures} tries of a message are answered
 *       503 with a load balancer's HTML page (nothing taken), then it is taken;</li>
 *   <li>{@value #ANSWER_LOST}: the first try of a message is taken, but its answer is lost (504 with an HTML page,
 *       as a gateway that gave up waiting): the adapter has to find it with QuerySendDetails and not send it
 *       again. The sandbox, like the provider, takes a second SendSms with the same OutId as a second message;</li>
 *   <li>{@value #UNKNOWN_CODE}: answered with a code no documentation lists ({@value #UNDOCUMENTED_CODE}), every
 *       time, nothing taken;</li>
 *   <li>any other number: taken.</li>
 * </ul>
 */
enum SandboxSmsScenario {
    NORMAL,
    ILLEGAL_NUMBER_REFUSED,
    THROTTLED_FIRST,
    OUTAGE_FIRST,
    ANSWER_LOST_FIRST,
    UNDOCUMENTED;

    static final String ILLEGAL_NUMBER = "19900000400";
    static final String THROTTLED = "19900000429";
    static final String FLAKY = "19900000503";
    static final String ANSWER_LOST = "19900000504";
    static final String UNKNOWN_CODE = "19900000999";
    static final String UNDOCUMENTED_CODE = "isv.SANDBOX_UNDOCUMENTED";

    /** The scenario of a number as sent, with or without a country code ({@code +86}, {@code 86}, {@code 0086}). */
    static SandboxSmsScenario of(String phoneNumber) {
        String number = phoneNumber == null ? "" : phoneNumber;
        if (number.endsWith(ILLEGAL_NUMBER)) {
            return ILLEGAL_NUMBER_REFUSED;
        }
        if (number.endsWith(THROTTLED)) {
            return THROTTLED_FIRST;
        }
        if (number.endsWith(FLAKY)) {
            return OUTAGE_FIRST;
        }
        if (number.endsWith(ANSWER_LOST)) {
            return ANSWER_LOST_FIRST;
        }
        if (number.endsWith(UNKNOWN_CODE)) {
            return UNDOCUMENTED;
        }
        return NORMAL;
    }
}
