package io.returnflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.xml.datatype.DatatypeFactory;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.calendar.DurationHelper;
import org.camunda.bpm.engine.impl.cfg.CompositeProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The engine reads its durations and retry cycles with the JDK's own {@link DatatypeFactory}, chosen once at start
 * instead of searched for on the classpath each time; an operator's {@code -Djavax.xml.datatype.DatatypeFactory}
 * stays in force.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class DatatypeFactoryChoiceTest {

    private static final String PROPERTY = DatatypeFactory.DATATYPEFACTORY_PROPERTY;
    private static final String JDK_FACTORY = DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS;

    @Autowired
    ProcessEngine engine;

    /** As the application's start left it: each test below changes it and puts it back. */
    private String atStart;

    @BeforeEach
    void rememberProperty() {
        atStart = System.getProperty(PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (atStart == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, atStart);
        }
    }

    @Test
    void theEngineStartsWithTheJdksFactoryChosen() throws Exception {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.getProcessEnginePlugins())
                .flatMap(plugin -> plugin instanceof CompositeProcessEnginePlugin composite
                        ? composite.getPlugins() : List.<ProcessEnginePlugin>of(plugin))
                .hasAtLeastOneElementOfType(DatatypeFactoryChoice.class);

        assertThat(atStart).isEqualTo(JDK_FACTORY);
        assertThat(DatatypeFactory.newInstance().getClass().getName()).isEqualTo(JDK_FACTORY);
        // what the engine does with it: a retry cycle as the diagrams have them
        assertThat(new DurationHelper("R5/PT1M").getTimes()).isEqualTo(5);
    }

    @Test
    void withoutTheOperatorsChoiceTheJdksOwnFactoryIsSet() throws Exception {
        System.clearProperty(PROPERTY);

        assertThat(DatatypeFactoryChoice.settle()).isEqualTo(JDK_FACTORY);

        assertThat(System.getProperty(PROPERTY)).isEqualTo(JDK_FACTORY);
        assertThat(DatatypeFactory.newInstance().getClass().getName()).isEqualTo(JDK_FACTORY);
    }

    @Test
    void theOperatorsChoiceIsKept() {
        System.setProperty(PROPERTY, "com.example.OperatorsDatatypeFactory");

        new DatatypeFactoryChoice().preInit(null);

        assertThat(System.getProperty(PROPERTY)).isEqualTo("com.example.OperatorsDatatypeFactory");
    }
}
