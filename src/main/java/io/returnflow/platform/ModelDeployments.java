package io.returnflow.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.springframework.stereotype.Component;

import io.returnflow.platform.ModelDeployment.Kind;
import io.returnflow.platform.ModelDeployment.Reconciliation;
import io.returnflow.platform.ModelDeployment.State;
import io.returnflow.platform.ModelDeployment.Version;

/**
 * Reads, from the engine's deployments, where each process and decision stands (a {@link ModelDeployment}).
 * A version is the release's when the application deployed it at a start: its deployment carries the
 * auto-deployment's name ({@link #releaseDeploymentName()}); anything else (Camunda Modeler, a script against
 * the REST API) is an analyst's. Versions are compared by the content of the file they were deployed from.
 */
@Component
class ModelDeployments {

    /** Spring's auto-deployment name, when the engine is not configured by Spring (never, in the application). */
    static final String DEFAULT_RELEASE_DEPLOYMENT_NAME = "SpringAutoDeployment";
    private static final String RECONCILIATION_TASK_PREFIX = "model-reconciliation-";

    private final RepositoryService repository;
    private final HistoryService history;
    private final String releaseDeploymentName;

    public ModelDeployments(ProcessEngine engine) {
        this.repository = engine.getRepositoryService();
        this.history = engine.getHistoryService();
        this.releaseDeploymentName = engine.getProcessEngineConfiguration()
                instanceof SpringProcessEngineConfiguration spring && spring.getDeploymentName() != null
                ? spring.getDeploymentName() : DEFAULT_RELEASE_DEPLOYMENT_NAME;
    }

    /** The name of the deployments the application makes of {@code processes/} and {@code forms/} at a start. */
    public String releaseDeploymentName() {
        return releaseDeploymentName;
    }

    /** Every process and decision the engine knows, processes first, each by key. */
    public List<ModelDeployment> all() {
        Map<String, Deployment> deployments = new HashMap<>();
        List<ModelDeployment> models = new ArrayList<>();
        repository.createProcessDefinitionQuery().latestVersion().orderByProcessDefinitionKey().asc().list()
                .forEach(latest -> models.add(model(Kind.PROCESS, latest.getKey(), versionsOf(latest), deployments)));
        repository.createDecisionDefinitionQuery().latestVersion().orderByDecisionDefinitionKey().asc().list()
                .forEach(latest -> models.add(model(Kind.DECISION, latest.getKey(), versionsOf(latest), deployments)));
        return models;
    }

    /** The id of the operations task about a replaced analyst's version (the same on every node and start). */
    static String reconciliationTaskId(Version replaced) {
        return RECONCILIATION_TASK_PREFIX
                + UUID.nameUUIDFromBytes(replaced.definitionId().getBytes(StandardCharsets.UTF_8));
    }

    /** A definition of either kind, as far as telling versions apart goes. */
    private record Definition(String id, String key, String name, int version, String deploymentId,
                              String resourceName) {

        /** The file's name without the folders (a release names its resources by their path). */
        String fileName() {
            return resourceName.substring(Math.max(resourceName.lastIndexOf('/'), resourceName.lastIndexOf('\\')) + 1);
        }
    }

    private List<Definition> versionsOf(ProcessDefinition latest) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(latest.getKey())
                .withoutTenantId().orderByProcessDefinitionVersion().desc().list().stream()
                .map(d -> new Definition(d.getId(), d.getKey(), d.getName(), d.getVersion(), d.getDeploymentId(),
                        d.getResourceName()))
                .toList();
    }

    private List<Definition> versionsOf(DecisionDefinition latest) {
        return repository.createDecisionDefinitionQuery().decisionDefinitionKey(latest.getKey())
                .withoutTenantId().orderByDecisionDefinitionVersion().desc().list().stream()
                .map(d -> new Definition(d.getId(), d.getKey(), d.getName(), d.getVersion(), d.getDeploymentId(),
                        d.getResourceName()))
                .toList();
    }

    private ModelDeployment model(Kind kind, String key, List<Definition> newestFirst,
                                  Map<String, Deployment> deployments) {
        Definition live = newestFirst.get(0);
        Definition release = null;
        Definition analyst = null;
        for (Definition version : newestFirst) {
            boolean fromRelease = fromRelease(version, deployments);
            if (fromRelease && release == null) {
                release = version;
            } else if (!fromRelease && analyst == null) {
                analyst = version;
            }
            if (release != null && analyst != null) {
                break;
            }
        }
        Version liveVersion = version(live, deployments);
        Version releaseVersion = release == null ? null : version(release, deployments);
        String name = Objects.requireNonNullElse(live.name(), key);
        if (release == null) {
            return new ModelDeployment(kind, key, name, State.NOT_IN_RELEASE, liveVersion, null, null, null,
                    "Not in processes/: add the file to the repository if the product should keep it.");
        }
        if (analyst == live) {
            boolean same = sameContent(live, release);
            return new ModelDeployment(kind, key, name, same ? State.RELEASE : State.ANALYST_VERSION_LIVE,
                    liveVersion, releaseVersion, null, null, same ? null
                            : "Commit this version to processes/" + release.fileName() + " (the file the analyst"
                            + " deployed): the next release that changes that file replaces it otherwise.");
        }
        if (analyst == null || sameContent(analyst, live)) {
            return new ModelDeployment(kind, key, name, State.RELEASE, liveVersion, releaseVersion, null, null, null);
        }
        Version replaced = version(analyst, deployments);
        Reconciliation reconciliation = reconciliation(replaced);
        boolean done = reconciliation != null && reconciliation.done();
        return new ModelDeployment(kind, key, name, done ? State.RELEASE : State.RELEASE_REPLACED_ANALYST_VERSION,
                liveVersion, releaseVersion, replaced, reconciliation, done ? null
                        : "A release replaced the analyst's version " + replaced.version() + ": merge it into processes/"
                        + " and redeploy, or keep the release's version; then complete the task '"
                        + ReleaseModelCheck.taskName(name, replaced) + "' in Tasklist.");
    }

    private boolean fromRelease(Definition definition, Map<String, Deployment> deployments) {
        return releaseDeploymentName.equals(deployment(definition.deploymentId(), deployments).getName());
    }

    private Deployment deployment(String id, Map<String, Deployment> deployments) {
        return deployments.computeIfAbsent(id, d -> repository.createDeploymentQuery().deploymentId(d).singleResult());
    }

    private Version version(Definition definition, Map<String, Deployment> deployments) {
        Deployment deployment = deployment(definition.deploymentId(), deployments);
        return new Version(definition.version(), definition.id(), deployment.getId(), deployment.getName(),
                deployment.getSource(), at(deployment.getDeploymentTime()),
                releaseDeploymentName.equals(deployment.getName()));
    }

    /** The operations task about this replaced version, open or done; {@code null} when none was created. */
    Reconciliation reconciliation(Version replaced) {
        String taskId = reconciliationTaskId(replaced);
        HistoricTaskInstance task = history.createHistoricTaskInstanceQuery().taskId(taskId).singleResult();
        if (task == null) {
            return null;
        }
        if (task.getEndTime() == null) {
            return new Reconciliation(taskId, false, null, null);
        }
        UserOperationLogEntry completed = history.createUserOperationLogQuery().taskId(taskId)
                .operationType(UserOperationLogEntry.OPERATION_TYPE_COMPLETE).list().stream()
                .max(Comparator.comparing(UserOperationLogEntry::getTimestamp)).orElse(null);
        String by = completed != null && completed.getUserId() != null ? completed.getUserId() : task.getAssignee();
        return new Reconciliation(taskId, true, by, at(task.getEndTime()));
    }

    private boolean sameContent(Definition a, Definition b) {
        return a.deploymentId().equals(b.deploymentId()) && a.resourceName().equals(b.resourceName())
                || normalized(a).equals(normalized(b));
    }

    /** The file a version was deployed from, as text, without a byte-order mark or line-end differences. */
    private String normalized(Definition definition) {
        try (InputStream in = repository.getResourceAsStream(definition.deploymentId(), definition.resourceName())) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("\uFEFF", "").replace("\r\n", "\n").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + definition.resourceName() + " of deployment "
                    + definition.deploymentId(), e);
        }
    }

    private static OffsetDateTime at(Date date) {
        return date == null ? null : date.toInstant().atOffset(ZoneOffset.UTC);
    }
}
