package io.returnflow.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnRepository;

/**
 * Sends the buyer's messages that are due, on every node: each message is first claimed
 * ({@link Notifications#claim}), so that one node sends it at a time, then sent, and its outcome recorded. A
 * message the provider did not take (an outage, an answer lost) is tried again later with a growing wait, until
 * sent: never dropped. One the provider refused for good is FAILED with the reason, never tried again. The
 * buyer's address is read from the return when sending: it is kept nowhere else.
 */
@Component
public class NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);

    private final Notifications notifications;
    private final ReturnRepository returns;
    private final EmailChannel email;
    private final SmsChannel sms;
    private final NotificationProperties properties;
    private final Clock clock;

    @Autowired
    NotificationSender(Notifications notifications, ReturnRepository returns, EmailChannel email, SmsChannel sms,
                       NotificationProperties properties, Clock clock) {
        this.notifications = notifications;
        this.returns = returns;
        this.email = email;
        this.sms = sms;
        this.properties = properties;
        this.clock = clock;
    }

    /** The same sender on another clock (tests drive time with it). */
    NotificationSender withClock(Clock other) {
        return new NotificationSender(notifications, returns, email, sms, properties, other);
    }

    @Scheduled(fixedDelayString = "${returnflow.notification.send-interval:5s}")
    void scheduled() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            // the database away: the next pass finds the same messages due
            log.warn("Messages not sent this time: {}", e.toString());
        }
    }

    /**
     * Sends the messages due now that this node could claim, taking none after the pass budget; answers how many it
     * tried. Each claim runs from the moment its message is taken: a slow relay late in a pass never leaves a
     * message sent under a claim that has already run out (and so taken by another node as well).
     */
    public int sendDue() {
        OffsetDateTime start = OffsetDateTime.now(clock);
        OffsetDateTime budgetEnd = start.plus(properties.passBudget());
        int tried = 0;
        for (String id : notifications.due(start, properties.batch())) {
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (now.isAfter(budgetEnd)) {
                break;    // the rest are due still: the next pass takes them
            }
            if (notifications.claim(id, now, now.plus(properties.claim()))) {
                notifications.find(id).ifPresent(this::send);
                tried++;
            }
        }
        return tried;
    }

    private void send(Notification n) {
        MDC.put("returnId", n.returnId());
        try {
            Delivery outcome = deliver(n);
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (outcome instanceof Delivery.Sent sent) {
                notifications.sent(n.id(), sent.receipt(), now);
                log.info("Return {}: message {} ({} {}) sent", n.returnId(), n.id(), n.templateKey(),
                        n.channel().value());
            } else if (outcome instanceof Delivery.Refused refused) {
                // a provider's words may quote the buyer's address: neither the log nor the row keeps it
                String reason = PersonalDataMask.masked(refused.reason());
                notifications.failed(n.id(), reason);
                log.warn("Return {}: message {} ({} {}) refused for good: {}", n.returnId(), n.id(), n.templateKey(),
                        n.channel().value(), reason);
            } else {
                Delivery.TryLater later = (Delivery.TryLater) outcome;
                String reason = PersonalDataMask.masked(later.reason());
                Duration wait = backoff(n.attempts() + 1, later.notBefore());
                notifications.retry(n.id(), reason, now.plus(wait));
                log.warn("Return {}: message {} ({} {}) not sent, tried again in {}: {}", n.returnId(), n.id(),
                        n.templateKey(), n.channel().value(), wait, reason);
            }
        } finally {
            MDC.remove("returnId");
        }
    }

    private Delivery deliver(Notification n) {
        CustomerReturn.Customer buyer = returns.customer(n.returnId()).orElse(null);
        if (!BuyerNotifications.reachable(buyer, n.channel())) {
            return new Delivery.Refused("The return has no " + (n.channel() == NotificationChannel.EMAIL
                    ? "e-mail address" : "phone number") + " any more");
        }
        try {
            return n.channel() == NotificationChannel.EMAIL ? email.send(n, buyer.email())
                    : sms.send(n, buyer.phone());
        } catch (RuntimeException e) {
            // a fault of ours or the client's: the outcome is not known, so the message waits instead of being lost
            return new Delivery.TryLater(e.toString(), null);
        }
    }

    /** The wait before try {@code attempt + 1}: doubled each time up to the most, at least what the provider asked. */
    Duration backoff(int attempt, Duration notBefore) {
        Duration wait = properties.firstRetryAfter();
        for (int i = 1; i < attempt && wait.compareTo(properties.maxRetryAfter()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (wait.compareTo(properties.maxRetryAfter()) > 0) {
            wait = properties.maxRetryAfter();
        }
        return notBefore != null && notBefore.compareTo(wait) > 0 ? notBefore : wait;
    }
}
