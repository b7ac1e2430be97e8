package io.returnflow.support;

import org.camunda.bpm.BpmPlatform;
import org.camunda.bpm.admin.Admin;
import org.camunda.bpm.admin.impl.DefaultAdminRuntimeDelegate;
import org.camunda.bpm.cockpit.Cockpit;
import org.camunda.bpm.cockpit.impl.DefaultCockpitRuntimeDelegate;
import org.camunda.bpm.container.RuntimeContainerDelegate;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.tasklist.Tasklist;
import org.camunda.bpm.tasklist.impl.DefaultTasklistRuntimeDelegate;
import org.camunda.bpm.welcome.Welcome;
import org.camunda.bpm.welcome.impl.DefaultWelcomeRuntimeDelegate;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;
import org.springframework.web.context.WebApplicationContext;

/**
 * Before each test, the engine of the test's application context is the one the engine REST API and the webapps
 * find by its name.
 *
 * <p>Both look engines up in static registries ({@link ProcessEngines} for the REST API,
 * {@link RuntimeContainerDelegate} for the webapps), keyed by name. Every application context of the suite names
 * its engine {@code default}: a context started later registers its own engine under that name, and unregisters
 * the name when it closes. A test that then runs in a context cached earlier would send its HTTP requests to
 * another context's engine, or to none ("Process engine with name default does not exist"), depending on the order
 * the test classes ran in. The webapps keep their runtime delegates in statics too, which a closing context's
 * servlet container clears: a cached context's Tasklist and Cockpit would then answer every call with a 500.
 * Registered in {@code META-INF/spring.factories}, so no test class can forget it.
 */
public class EngineOfThisContext extends AbstractTestExecutionListener {

    @Override
    public int getOrder() {
        // after dependency injection (2000), before the test's own listeners run its methods
        return 2100;
    }

    @Override
    public void prepareTestInstance(TestContext testContext) {
        if (!testContext.hasApplicationContext()) {
            return;
        }
        ApplicationContext context = testContext.getApplicationContext();
        ProcessEngine engine = context.getBeanProvider(ProcessEngine.class).getIfUnique();
        if (engine != null) {
            makeFindable(engine);
            if (context instanceof WebApplicationContext) {
                webappsRunning();
            }
        }
    }

    /** What the webapps' container bootstraps set when a servlet context starts and clear when it stops. */
    static void webappsRunning() {
        if (Cockpit.getRuntimeDelegate() == null) {
            Cockpit.setCockpitRuntimeDelegate(new DefaultCockpitRuntimeDelegate());
        }
        if (Tasklist.getRuntimeDelegate() == null) {
            Tasklist.setTasklistRuntimeDelegate(new DefaultTasklistRuntimeDelegate());
        }
        if (Admin.getRuntimeDelegate() == null) {
            Admin.setAdminRuntimeDelegate(new DefaultAdminRuntimeDelegate());
        }
        if (Welcome.getRuntimeDelegate() == null) {
            Welcome.setRuntimeDelegate(new DefaultWelcomeRuntimeDelegate());
        }
    }

    static void makeFindable(ProcessEngine engine) {
        ProcessEngines.registerProcessEngine(engine);
        RuntimeContainerDelegate container = RuntimeContainerDelegate.INSTANCE.get();
        ProcessEngine registered = BpmPlatform.getProcessEngineService().getProcessEngine(engine.getName());
        if (registered == engine) {
            return;
        }
        if (registered != null) {
            container.unregisterProcessEngine(registered);
        }
        container.registerProcessEngine(engine);
    }
}
