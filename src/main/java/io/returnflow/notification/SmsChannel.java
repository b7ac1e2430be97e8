package io.returnflow.notification;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.returnflow.notification.sms.SmsGateway;
import io.returnflow.notification.sms.SmsMessage;
import io.returnflow.notification.sms.SmsResult;
import io.returnflow.notification.sms.SmsUnavailableException;

/**
 * Sends a message as a text message through the SMS port ({@link SmsGateway}), with the notification's id as its
 * {@code messageId}: the adapter makes sure a second try of the same id never reaches the buyer twice. Without an
 * SMS provider configured, text messages wait (tried again later) instead of being lost or taken for sent.
 */
@Component
class SmsChannel {

    private static final TypeReference<LinkedHashMap<String, String>> PARAMS = new TypeReference<>() {
    };

    private final ObjectProvider<SmsGateway> gateway;
    private final ObjectMapper json;

    SmsChannel(ObjectProvider<SmsGateway> gateway, ObjectMapper json) {
        this.gateway = gateway;
        this.json = json;
    }

    Delivery send(Notification n, String phoneNumber) {
        SmsGateway sms = gateway.getIfAvailable();
        if (sms == null) {
            return new Delivery.TryLater("No SMS provider is configured", null);
        }
        try {
            SmsResult result = sms.send(new SmsMessage(n.id(), phoneNumber, n.language(), n.templateKey(),
                    params(n.params()), n.body()));
            if (result instanceof SmsResult.Rejected rejected) {
                return new Delivery.Refused("The SMS provider refused it: " + rejected.code() + " "
                        + rejected.reason());
            }
            return new Delivery.Sent(((SmsResult.Sent) result).providerMessageId());
        } catch (SmsUnavailableException e) {
            return new Delivery.TryLater("The SMS provider did not take it: " + e.getMessage(), e.retryAfter());
        } catch (IllegalArgumentException e) {
            // a message the SMS port cannot take as it is: the same message fails the same way on every try
            return new Delivery.Refused("The SMS provider cannot take it: " + e.getMessage());
        }
    }

    private Map<String, String> params(String params) {
        try {
            return json.readValue(params, PARAMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The message's values are not JSON", e);
        }
    }
}
