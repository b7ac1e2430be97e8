package io.returnflow.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles ({@link Roles}) that may call an endpoint of the HTTP API, as {@link SecurityConfig} grants them:
 * written into the OpenAPI document as the operation's security requirement and a line of its description.
 * Documentation only, {@link SecurityConfig} decides; a test holds the two together.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiRoles {

    /** Any one of these roles may call the endpoint. */
    String[] value();

    /**
     * Whether an API key ({@code Authorization: Bearer}) with one of these roles may call it too (those of
     * {@link Roles#API_KEY_ROLES}); false: people only (HTTP Basic), as for managing the keys themselves.
     */
    boolean apiKeys() default true;
}
