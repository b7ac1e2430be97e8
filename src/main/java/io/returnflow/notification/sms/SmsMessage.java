package io.returnflow.notification.sms;

import java.util.Map;

/**
 * One text message to a buyer.
 *
 * @param messageId   ours, the same on every try of this message (at most 64 characters of {@code [A-Za-z0-9_-]})
 * @param phoneNumber the buyer's number as the return keeps it
 * @param language    {@code zh-CN} or {@code en}
 * @param templateKey which of our message templates this is (e.g. {@code dropoff.code_issued}): providers that only
 *                    send pre-approved templates map it to theirs
 * @param params      the template's values by placeholder name (e.g. {@code code}, {@code amount})
 * @param text        the message as our template renders it, for providers that take free text
 */
public record SmsMessage(String messageId, String phoneNumber, String language, String templateKey,
                         Map<String, String> params, String text) {

    public SmsMessage {
        params = Map.copyOf(params);
    }
}
