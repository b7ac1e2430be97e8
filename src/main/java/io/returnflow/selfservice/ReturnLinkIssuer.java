package io.returnflow.selfservice;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.returnflow.journey.ReturnPricing;
import io.returnflow.platform.ApiProblem;
import io.returnflow.platform.Money;
import io.returnflow.platform.ProblemType;
import io.returnflow.platform.RandomIds;
import io.returnflow.returns.BusinessProperties;
import io.returnflow.returns.OrderGuards;
import io.returnflow.returns.ReturnRequest;

/** Makes return links from the merchant's orders: checks the order as a return's is checked, stores it, signs. */
@Service
class ReturnLinkIssuer {

    private static final Logger log = LoggerFactory.getLogger(ReturnLinkIssuer.class);
    private static final int ID_LENGTH = 10;
    /** Sanity bound on a delivery date a storefront sends, as for a return. */
    private static final Duration OLDEST_ORDER = Duration.ofDays(5 * 365);

    private final ReturnLinks links;
    private final LinkTokens tokens;
    private final SelfServiceProperties properties;
    private final ReturnPricing pricing;
    private final BusinessProperties business;
    private final OrderGuards orderGuards;
    private final Clock clock;

    ReturnLinkIssuer(ReturnLinks links, LinkTokens tokens, SelfServiceProperties properties, ReturnPricing pricing,
                     BusinessProperties business, OrderGuards orderGuards, Clock clock) {
        this.orderGuards = orderGuards;
        this.links = links;
        this.tokens = tokens;
        this.properties = properties;
        this.pricing = pricing;
        this.business = business;
        this.clock = clock;
    }

    /** The new link and its token; {@code baseUrl} is where the buyer's page is reached. */
    @Transactional
    Issued issue(ReturnLinkRequest request, String by) {
        if (!tokens.configured()) {
            throw new ApiProblem(ProblemType.UNAVAILABLE.status(), ProblemType.UNAVAILABLE.typeName(),
                    ProblemType.UNAVAILABLE.title(), "Return links are not set up here: "
                    + "returnflow.self-service.link-secret is empty.", List.of(), java.util.Map.of());
        }
        validate(request);
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(business.zone()));
        Duration validity = request.expiresIn() == null ? properties.linkValidity() : request.expiresIn();
        // whole seconds: the token carries the expiry in epoch seconds
        OffsetDateTime expiresAt = now.plus(validity).truncatedTo(ChronoUnit.SECONDS);
        var c = request.customer();
        ReturnLink link = new ReturnLink(RandomIds.readable("RL-", ID_LENGTH), request.orderId(), request.orderedAt(),
                request.deliveredAt(),
                new ReturnRequest.Customer(c.id(), c.name(), c.phone(), c.email(),
                        c.tier() == null ? "STANDARD" : c.tier(), c.language()),
                request.payment(), request.items(), request.shippingAddress(), by, now, expiresAt, null, null, 0);
        links.insert(link);
        log.info("Return link {} made for order {} by {}, open until {}", link.id(), link.orderId(), by, expiresAt);
        return new Issued(link.id(), tokens.sign(link.id(), expiresAt.toInstant()), expiresAt);
    }

    private void validate(ReturnLinkRequest request) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        Set<String> lines = new HashSet<>();
        for (int i = 0; i < request.items().size(); i++) {
            ReturnLinkRequest.Line line = request.items().get(i);
            if (!lines.add(line.lineId())) {
                errors.add(new ApiProblem.FieldError("items[" + i + "].lineId", "appears twice in this order"));
            }
            errors.addAll(invalidOptions("items[" + i + "].", line));
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (request.deliveredAt().isAfter(now)) {
            errors.add(new ApiProblem.FieldError("deliveredAt", "is in the future"));
        } else if (request.deliveredAt().isBefore(now.minus(OLDEST_ORDER))) {
            errors.add(new ApiProblem.FieldError("deliveredAt", "is more than " + OLDEST_ORDER.toDays() / 365
                    + " years ago"));
        }
        // the same bounds as POST /api/returns, or the buyer's confirmation would be refused
        if (request.orderedAt() != null && (request.orderedAt().isAfter(request.deliveredAt())
                || request.orderedAt().isBefore(now.minus(OLDEST_ORDER)))) {
            errors.add(new ApiProblem.FieldError("orderedAt", "must be before deliveredAt and within "
                    + OLDEST_ORDER.toDays() / 365 + " years"));
        }
        if (!request.payment().currency().equals(pricing.currency())) {
            errors.add(new ApiProblem.FieldError("payment.currency", "must be " + pricing.currency()
                    + ", the currency this store refunds in"));
        }
        errors.addAll(notInMinorUnits(request, pricing.currency()));
        Duration expiresIn = request.expiresIn();
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero()
                || expiresIn.compareTo(properties.maxLinkValidity()) > 0)) {
            errors.add(new ApiProblem.FieldError("expiresIn", "must be positive and at most "
                    + properties.maxLinkValidity().toDays() + " days (ISO-8601, e.g. P14D)"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        // the buyer's return would be refused for another payment than the order's first return stated
        orderGuards.payment(request.orderId()).ifPresent(paid ->
                paid.requireSame(OrderGuards.OrderPayment.of(request.payment()), request.orderId()));
    }

    /** The order's money as a return's is checked: whole minor units of the store's currency (no 99.50 in JPY). */
    private static List<ApiProblem.FieldError> notInMinorUnits(ReturnLinkRequest request, String currency) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        String message = "must be a whole number of " + currency + "'s minor units (at most "
                + Money.minorDigits(currency) + " decimals)";
        if (!Money.inWholeMinorUnits(request.payment().amountPaid(), currency)) {
            errors.add(new ApiProblem.FieldError("payment.amountPaid", message));
        }
        for (int i = 0; i < request.items().size(); i++) {
            ReturnLinkRequest.Line line = request.items().get(i);
            if (line.unitPrice() != null && !Money.inWholeMinorUnits(line.unitPrice(), currency)) {
                errors.add(new ApiProblem.FieldError("items[" + i + "].unitPrice", message));
            }
            for (int j = 0; j < line.exchangeOptions().size(); j++) {
                BigDecimal price = line.exchangeOptions().get(j).unitPrice();
                if (price != null && !Money.inWholeMinorUnits(price, currency)) {
                    errors.add(new ApiProblem.FieldError("items[" + i + "].exchangeOptions[" + j + "].unitPrice",
                            message));
                }
            }
        }
        return errors;
    }

    /**
     * An exchange option must be something the buyer could be sent instead, as a return's exchange is checked: another
     * sku, not dearer than the line (a dearer item is a new order), offered once.
     */
    private static List<ApiProblem.FieldError> invalidOptions(String prefix, ReturnLinkRequest.Line line) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        for (int j = 0; j < line.exchangeOptions().size(); j++) {
            ReturnLinkRequest.ExchangeOption option = line.exchangeOptions().get(j);
            String field = prefix + "exchangeOptions[" + j + "].";
            if (option.sku() != null && option.sku().equals(line.sku())) {
                errors.add(new ApiProblem.FieldError(field + "sku", "must be another sku than the line's"));
            } else if (option.sku() != null && !skus.add(option.sku())) {
                errors.add(new ApiProblem.FieldError(field + "sku", "is offered twice for this line"));
            }
            if (option.unitPrice() != null && line.unitPrice() != null
                    && option.unitPrice().compareTo(line.unitPrice()) > 0) {
                errors.add(new ApiProblem.FieldError(field + "unitPrice", "must be at most the line's unit price "
                        + Money.text(line.unitPrice()) + ": a dearer item is a new order"));
            }
        }
        return errors;
    }

    record Issued(String id, String token, OffsetDateTime expiresAt) {
    }
}
