package io.returnflow.platform;

import java.net.URI;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Resolves a configured provider URL at call time rather than at start-up.
 *
 * <p>The sandbox providers live inside this application, so their URLs name the application's own
 * port ({@code ${local.server.port}}), which is only known once the web server has started.
 * Adapters keep the configured text and resolve it here on each call.
 */
@Component
public class EndpointResolver {

    private final Environment environment;

    public EndpointResolver(Environment environment) {
        this.environment = environment;
    }

    public URI resolve(String configuredUrl) {
        return URI.create(environment.resolveRequiredPlaceholders(configuredUrl));
    }
}
