package io.returnflow.carrier.kdniao;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.returnflow.platform.Text;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach Kdniao, who we are there, and which account pays each carrier's pickups.
 *
 * @param baseUrl        the API host (production: {@code https://api.kdniao.com}) or the in-app sandbox
 *                       gateway; each instruction goes to its own path under it ({@code /api/OOrderService},
 *                       {@code /api/dist}, {@code /Ebusiness/EbusinessOrderHandle.aspx}). May contain
 *                       {@code ${local.server.port}}, resolved per call by the endpoint resolver
 * @param gatewayUrl     when set, the one URL every instruction is posted to, told apart only by its
 *                       RequestType: Kdniao's own test environment works this way
 *                       ({@code http://sandboxapi.kdniao.com:8080/kdniaosandbox/gateway/exterfaceInvoke.json});
 *                       {@code baseUrl} is then not used. Resolved like {@code baseUrl}
 * @param businessId     our EBusinessID (merchant id)
 * @param appKey         the shared secret that signs every envelope (DataSign), both directions
 * @param defaultAccount the pay type and monthly account of every carrier not listed in {@code accounts}
 * @param accounts       per carrier code (ShipperCode, e.g. {@code SF}): its pay type and monthly account;
 *                       a field left out falls back to {@code defaultAccount}. Codes are matched without
 *                       regard to case (an environment variable can only bind a lower-case key)
 */
@Validated
@ConfigurationProperties(KdniaoProperties.PREFIX)
public record KdniaoProperties(String baseUrl, String gatewayUrl, String businessId, String appKey,
                               @Valid @DefaultValue Account defaultAccount,
                               Map<String, @Valid Account> accounts) {

    public static final String PREFIX = "returnflow.carrier.kdniao";

    /** PayType 3, the merchant's monthly account, when nothing else is configured: returns are on the merchant. */
    static final int PAY_MONTHLY_ACCOUNT = 3;

    @ConstructorBinding
    public KdniaoProperties {
        baseUrl = Text.trimToNull(baseUrl);
        gatewayUrl = Text.trimToNull(gatewayUrl);
        defaultAccount = defaultAccount == null ? new Account(null, null) : defaultAccount;
        if (defaultAccount.payType() == null) {
            defaultAccount = new Account(PAY_MONTHLY_ACCOUNT, defaultAccount.monthCode());
        }
        Map<String, Account> byCarrier = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (accounts != null) {
            accounts.forEach((carrier, account) -> byCarrier.put(carrier.trim(),
                    account == null ? new Account(null, null) : account));
        }
        accounts = Collections.unmodifiableMap(byCarrier);
    }

    /** The connection only: per-instruction endpoints, the default account (PayType 3) for every carrier. */
    public KdniaoProperties(String baseUrl, String businessId, String appKey) {
        this(baseUrl, null, businessId, appKey, null, null);
    }

    /**
     * How one carrier's pickups are paid.
     *
     * @param payType   Kdniao's PayType: 1 the sender pays, 2 the receiver pays, 3 a monthly account;
     *                  left out: the default account's
     * @param monthCode the monthly account number (MonthCode) Kdniao books on; left out or blank: the default
     *                  account's. A pickup request's own account (a store's) is sent instead when it has one
     */
    public record Account(@Min(1) @Max(3) Integer payType, String monthCode) {

        public Account {
            monthCode = Text.trimToNull(monthCode);
        }
    }

    /** True when every instruction goes to one gateway URL rather than to its own path under the base URL. */
    public boolean singleGateway() {
        return gatewayUrl != null;
    }

    /**
     * The pay type and monthly account a carrier's pickups are booked with, and the setting each came from;
     * a pickup request's own account replaces them ({@link KdniaoPayment#paidBy}).
     *
     * @param carrier the ShipperCode; {@code null} when Kdniao chooses the carrier (the default account)
     */
    public KdniaoPayment paymentFor(String carrier) {
        String code = Text.trimToNull(carrier);
        Account own = code == null ? null : accounts.get(code);
        boolean ownPayType = own != null && own.payType() != null;
        boolean ownMonthCode = own != null && own.monthCode() != null;
        return new KdniaoPayment(code,
                ownPayType ? own.payType() : defaultAccount.payType(),
                accountSetting(ownPayType ? code : null, "pay-type"),
                ownMonthCode ? own.monthCode() : defaultAccount.monthCode(),
                accountSetting(ownMonthCode ? code : null, "month-code"));
    }

    /** Where a carrier's own setting {@code field} ({@code pay-type}, {@code month-code}) is set. */
    public static String accountSetting(String carrier, String field) {
        String code = Text.trimToNull(carrier);
        return code == null ? PREFIX + ".default-account." + field
                : PREFIX + ".accounts." + code.toUpperCase(Locale.ROOT) + "." + field;
    }

    /** Bean Validation: without either URL no instruction could be sent. */
    @AssertTrue(message = "set " + PREFIX + ".base-url (Kdniao's API host) or " + PREFIX
            + ".gateway-url (a single gateway that receives every instruction)")
    public boolean isReachable() {
        return baseUrl != null || gatewayUrl != null;
    }
}
