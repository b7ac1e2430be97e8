package io.returnflow.platform;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps a task's refused decision ({@link TaskDecisionRefused}, thrown by its decision listener) out of the
 * engine's error log. The engine logs the exception that fails a command as an error with its stack trace
 * (ENGINE-16004), except for a few kinds it knows to be the caller's (a bad request, a lost optimistic lock, a
 * missing authorization), which it logs at debug level; a person's decision that cannot be carried out is one of
 * those. The command contexts this engine creates count it among them, wherever it sits in the causes (the engine
 * wraps it as ENGINE-03051). The command still fails and rolls back as before; the answer to it is
 * {@link TaskRefusalAnswers}'.
 */
@Component
class TaskRefusalLogging extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        CommandContextFactory factory = new CommandContextFactory() {
            @Override
            public CommandContext createCommandContext() {
                return new CommandContext(processEngineConfiguration) {
                    @Override
                    protected boolean shouldLogFine(Throwable exception) {
                        return super.shouldLogFine(exception) || TaskRefusalAnswers.refusalIn(exception).isPresent();
                    }
                };
            }
        };
        factory.setProcessEngineConfiguration(configuration);
        configuration.setCommandContextFactory(factory);
    }
}
