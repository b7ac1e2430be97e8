package io.returnflow.platform;

import java.util.List;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.returnflow.platform.ModelDeployment.Version;

/**
 * At every start, after the engine deployed what changed in {@code processes/} and {@code forms/}: says which
 * models run on an analyst's version rather than the release's, and never lets a release replace an
 * analyst's version silently. Such a replacement is logged as a warning, shown by
 * {@code GET /api/model-deployments}, and given to operations as a Tasklist task (candidate group {@code ops},
 * the same task on every node and start) that they complete once it is reconciled. The policy is the
 * README's: the release's version wins, loudly, and is reconciled by people.
 */
@Component
class ReleaseModelCheck implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReleaseModelCheck.class);
    /** Above Tasklist's default (50): it decides what every new journey runs on. */
    private static final int TASK_PRIORITY = 75;

    private final ModelDeployments models;
    private final TaskService tasks;
    private final TransactionTemplate transaction;

    public ReleaseModelCheck(ModelDeployments models, TaskService tasks, PlatformTransactionManager transactions) {
        this.models = models;
        this.tasks = tasks;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Override
    public void run(ApplicationArguments args) {
        List<ModelDeployment> all = models.all();
        int attention = 0;
        for (ModelDeployment model : all) {
            switch (model.state()) {
                case RELEASE_REPLACED_ANALYST_VERSION -> {
                    attention++;
                    Version replaced = model.replacedAnalystVersion();
                    log.warn("Release replaced an analyst's version: {} '{}' runs on the release's version {}"
                                    + " (deployment {} of {}); the analyst's version {} (deployment '{}' from {} of {}) is"
                                    + " no longer used by new instances. Reconcile it: {}", model.key(), model.name(),
                            model.live().version(), model.live().deploymentId(), model.live().deployedAt(),
                            replaced.version(), replaced.deploymentName(), replaced.source(), replaced.deployedAt(),
                            model.action());
                    if (model.reconciliation() == null) {
                        openTask(model);
                    }
                }
                case ANALYST_VERSION_LIVE -> {
                    attention++;
                    log.warn("{} '{}' runs on an analyst's version {} (deployment '{}' from {} of {}), not on the"
                                    + " release's version {}: {}", model.key(), model.name(), model.live().version(),
                            model.live().deploymentName(), model.live().source(), model.live().deployedAt(),
                            model.release().version(), model.action());
                }
                case NOT_IN_RELEASE -> log.info("{} '{}' version {} was not deployed by the application: {}",
                        model.key(), model.name(), model.live().version(), model.action());
                case RELEASE -> {
                }
            }
        }
        log.info("Models: {} deployed, {} need attention (GET /api/model-deployments)", all.size(), attention);
    }

    /** The Tasklist task's name for a replaced analyst's version. */
    static String taskName(String modelName, Version replaced) {
        return "Reconcile " + modelName + ": a release replaced the analyst's version " + replaced.version();
    }

    private void openTask(ModelDeployment model) {
        Version replaced = model.replacedAnalystVersion();
        String id = ModelDeployments.reconciliationTaskId(replaced);
        Task task = tasks.newTask(id);
        task.setName(taskName(model.name(), replaced));
        task.setDescription("New instances of " + model.key() + " run on the release's version " + model.live().version()
                + " (deployed " + model.live().deployedAt() + "). It replaced version " + replaced.version()
                + ", which the analyst deployed as '" + replaced.deploymentName() + "' from " + replaced.source()
                + " on " + replaced.deployedAt() + ", with other content. Compare both in Cockpit with the analyst;"
                + " either merge the analyst's change into processes/ and deploy it again (Modeler, or redeploy"
                + " deployment " + replaced.deploymentId() + "), or keep the release's version. Complete this task"
                + " when that is decided.");
        task.setPriority(TASK_PRIORITY);
        try {
            // the task and its candidate group together, or neither
            transaction.executeWithoutResult(status -> {
                tasks.saveTask(task);
                tasks.addCandidateGroup(id, Roles.OPS);
            });
            log.info("Reconciliation task {} opened for operations", id);
        } catch (RuntimeException e) {
            // another node starting at the same time opened it first
            if (models.reconciliation(replaced) == null) {
                throw e;
            }
        }
    }
}
