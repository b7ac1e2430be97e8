package io.returnflow.support;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Process models a Spring Boot test deploys next to the application's own, removed with their instances after each
 * test, so that no other test finds them in the shared engine:
 * {@code @RegisterExtension final ProbeDeployments probes = new ProbeDeployments();}
 */
public final class ProbeDeployments implements BeforeEachCallback, AfterEachCallback {

    private final List<String> deployed = new ArrayList<>();
    private RepositoryService repository;

    @Override
    public void beforeEach(ExtensionContext context) {
        repository = SpringExtension.getApplicationContext(context).getBean(RepositoryService.class);
    }

    /** Deploys the model as a resource of that name ({@code probe.bpmn}); the deployment's id. */
    public String deploy(String resourceName, BpmnModelInstance model) {
        return deploy(repository.createDeployment().addModelInstance(resourceName, model));
    }

    /** Deploys what the builder holds; the deployment's id. */
    public String deploy(DeploymentBuilder deployment) {
        String id = deployment.deploy().getId();
        deployed.add(id);
        return id;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        deployed.forEach(id -> repository.deleteDeployment(id, true));
        deployed.clear();
    }
}
