package io.returnflow.platform;

/** The groups of the engine's identity service that grant roles in the HTTP API (API.md). */
public final class Roles {
    public static final String MERCHANT_API = "merchant-api";
    public static final String STORE_CLERK = "store-clerk";
    public static final String CUSTOMER_SERVICE = "customer-service";
    public static final String WAREHOUSE = "warehouse";
    public static final String OPS = "ops";
    /** Process analysts: deploy the models of {@code processes/} from Camunda Modeler and watch them in Cockpit. */
    public static final String ANALYST = "analyst";
    /** Scrapes the metrics ({@code /actuator/prometheus}) and nothing else: Prometheus' user. */
    public static final String MONITORING = "monitoring";
    public static final String ADMIN = "camunda-admin";

    public static final String[] ALL = {MERCHANT_API, STORE_CLERK, CUSTOMER_SERVICE, WAREHOUSE, OPS, ANALYST,
        MONITORING, ADMIN};

    /**
     * The roles an API key may carry: those of systems. Not {@link #STORE_CLERK} (the counter binds people to
     * stores, by user) nor {@link #ADMIN} (everything, Camunda Admin included: a person's, with the engine's
     * login throttling).
     */
    public static final java.util.List<String> API_KEY_ROLES = java.util.List.of(MERCHANT_API, CUSTOMER_SERVICE,
            WAREHOUSE, OPS, ANALYST, MONITORING);

    private Roles() {
    }
}
