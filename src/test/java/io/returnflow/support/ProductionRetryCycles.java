package io.returnflow.support;

import java.util.Properties;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.ClassPathResource;

import io.returnflow.platform.RetryCycleProperties;
import io.returnflow.platform.RetryCycles;

/**
 * The {@code retryCycles} bean as production configures it (application-postgres.yaml), for process
 * tests whose engine has no Spring context: their retries count what production counts.
 */
public final class ProductionRetryCycles {

    private ProductionRetryCycles() {
    }

    public static RetryCycleProperties properties() {
        return properties("application-postgres.yaml");
    }

    /** The retry cycles one of the application's YAML files sets. */
    public static RetryCycleProperties properties(String yamlResource) {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource(yamlResource));
        Properties properties = yaml.getObject();
        return new Binder(new MapConfigurationPropertySource(properties))
                .bind("returnflow.retry-cycles", RetryCycleProperties.class)
                .orElseThrow(() -> new AssertionError(yamlResource + " sets no returnflow.retry-cycles"));
    }

    public static RetryCycles bean() {
        return new RetryCycles(properties());
    }
}
