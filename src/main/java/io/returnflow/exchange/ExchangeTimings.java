package io.returnflow.exchange;

import java.time.Clock;
import java.util.Date;

import org.springframework.stereotype.Component;

/**
 * The exchange region's timings as the journey's expressions read them (configuration, never code):
 *
 * <pre>
 * ${exchangeTimings.askAt()}                    "No answer yet": when the shop is asked about a pending order
 * ${exchangeTimings.asksBeforeCustomerService()} unanswered asks before customer service chases the order
 * ${exchangeTimings.retryCycle()}               retries of "Place exchange order" and "Ask the shop"
 * ${exchangeTimings.taskDue()}                  due date of the exchange's customer-service tasks
 * </pre>
 */
@Component("exchangeTimings")
public class ExchangeTimings {

    private final CommerceProperties properties;
    private final Clock clock;

    public ExchangeTimings(CommerceProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    public Date askAt() {
        return Date.from(clock.instant().plus(properties.answers().noAnswerAfter()));
    }

    public int asksBeforeCustomerService() {
        return properties.answers().asksBeforeCustomerService();
    }

    public String retryCycle() {
        return properties.answers().retryCycle();
    }

    public Date taskDue() {
        return Date.from(clock.instant().plus(properties.answers().customerServiceSla()));
    }
}
