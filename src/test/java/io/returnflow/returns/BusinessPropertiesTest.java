package io.returnflow.returns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import io.returnflow.pickup.PickupProperties;

/** The shared values as application.yaml binds them, and the earlier name of the item weight. */
class BusinessPropertiesTest {

    @Test
    void theYamlGivesTheBusinessZoneAndThePickupWindowsFollowIt() throws IOException {
        StandardEnvironment env = environment(Map.of("returnflow.business.zone", "Europe/Berlin"));

        assertThat(bind(env).zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(Binder.get(env).bind("returnflow.pickup", PickupProperties.class).get().zone())
                .isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void theDeclaredWeightDefaultsToHalfAKilogram() throws IOException {
        assertThat(bind(environment(Map.of())).itemWeightKg()).isEqualByComparingTo("0.5");
    }

    @Test
    void theEarlierPickupNameOfTheWeightStillWorks() throws IOException {
        StandardEnvironment env = environment(Map.of("returnflow.pickup.item-weight-kg", "1.2"));

        assertThat(bind(env).itemWeightKg()).isEqualByComparingTo(new BigDecimal("1.2"));
    }

    private static BusinessProperties bind(StandardEnvironment env) {
        return Binder.get(env).bind("returnflow.business", BusinessProperties.class).get();
    }

    /** application.yaml under the given overrides, as an operator's environment variables would sit above it. */
    private static StandardEnvironment environment(Map<String, Object> overrides) throws IOException {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("overrides", overrides));
        new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"))
                .forEach(env.getPropertySources()::addLast);
        return env;
    }
}
