package io.returnflow.platform;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Settles, before the engine starts, which {@link DatatypeFactory} the JVM uses. The engine asks
 * {@link DatatypeFactory#newInstance()} for one each time it reads an ISO duration or cycle: every timer, and every
 * job's retry cycle ({@code R5/PT1M}) when the job is created or fails. Without the system property
 * {@value DatatypeFactory#DATATYPEFACTORY_PROPERTY}, each of those asks searches every jar of the classpath for a
 * service provider; with it, the class is instantiated directly. The property is set to what that search finds
 * (on this classpath, the JDK's own {@value DatatypeFactory#DATATYPEFACTORY_IMPLEMENTATION_CLASS}), so nothing
 * changes but the search; a value the operator set ({@code -D}) is kept.
 */
@Component
class DatatypeFactoryChoice extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        settle();
    }

    /** The factory class the JVM now uses, chosen once by the JDK's own search unless the operator chose it. */
    static String settle() {
        String chosen = System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY);
        if (chosen == null) {
            try {
                chosen = DatatypeFactory.newInstance().getClass().getName();
            } catch (DatatypeConfigurationException e) {
                throw new IllegalStateException("The JVM has no usable javax.xml.datatype.DatatypeFactory", e);
            }
            System.setProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY, chosen);
        }
        return chosen;
    }
}
