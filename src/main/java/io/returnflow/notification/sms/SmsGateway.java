package io.returnflow.notification.sms;

/**
 * The port to an SMS provider: one text message to one buyer. Implemented by the provider's adapter (Aliyun
 * {@code SendSms}) and by the sandbox provider of the local run.
 *
 * <p>A send may run twice (a lost answer, a node that died mid-call): the same {@link SmsMessage#messageId()} must
 * never reach the buyer twice. An adapter makes sure of that with what its provider offers (an external id it can
 * look up before sending again).
 */
public interface SmsGateway {

    /**
     * @return {@link SmsResult.Sent} when the provider took the message, {@link SmsResult.Rejected} when it refused
     *         it for good (trying again cannot help: a wrong number, a template not approved)
     * @throws SmsUnavailableException when the outcome is not known or the provider cannot take it now (an outage,
     *                                 throttling): the message is tried again later, never dropped
     */
    SmsResult send(SmsMessage message);
}
