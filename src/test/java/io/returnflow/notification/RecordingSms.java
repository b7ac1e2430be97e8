package io.returnflow.notification;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.returnflow.notification.sms.SmsGateway;
import io.returnflow.notification.sms.SmsMessage;
import io.returnflow.notification.sms.SmsResult;

/**
 * The SMS port's test double: records every message it is handed, and answers what the test lined up (sent, by
 * default). A provider that takes a message twice would send it twice: the double counts every call.
 */
class RecordingSms implements SmsGateway {

    /** Puts the double in place of the SMS provider for a test's application context ({@code @Import} it). */
    @TestConfiguration
    static class InPlaceOfTheProvider {
        @Bean
        @Primary
        RecordingSms recordingSms() {
            return new RecordingSms();
        }
    }

    private final List<SmsMessage> calls = new ArrayList<>();
    private final Map<String, Deque<Function<SmsMessage, SmsResult>>> next = new HashMap<>();

    @Override
    public synchronized SmsResult send(SmsMessage message) {
        calls.add(message);
        Deque<Function<SmsMessage, SmsResult>> lined = next.get(message.phoneNumber());
        Function<SmsMessage, SmsResult> answer = lined == null ? null : lined.poll();
        return answer == null ? new SmsResult.Sent("biz-" + message.messageId()) : answer.apply(message);
    }

    /** The next call for this number answers so (it may throw); other numbers' messages are sent. */
    synchronized void then(String phoneNumber, Function<SmsMessage, SmsResult> answer) {
        next.computeIfAbsent(phoneNumber, n -> new ArrayDeque<>()).add(answer);
    }

    synchronized List<SmsMessage> calls() {
        return List.copyOf(calls);
    }

    synchronized List<SmsMessage> callsOf(String messageId) {
        return calls.stream().filter(c -> c.messageId().equals(messageId)).toList();
    }

    synchronized void reset() {
        calls.clear();
        next.clear();
    }
}
