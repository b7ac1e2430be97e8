package io.returnflow.platform;

import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.IncidentQuery;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Names the case of every incident in Cockpit: an incident's message is the technical cause (often a
 * provider's answer) and Cockpit's incident lists show no business key, so each new incident of a journey is
 * annotated {@code Return R-…} (a store's shipment: {@code Store S-…}), the column operations sort and search
 * by. An incident someone already annotated is left alone. Runs on every node; two nodes labelling the same
 * incident write the same text.
 */
@Component
class IncidentLabels {

    private static final Logger log = LoggerFactory.getLogger(IncidentLabels.class);

    private final RuntimeService runtime;
    private final RepositoryService repository;
    private final OperationsProperties.IncidentLabels settings;
    /** When the last look started; {@code null} until the first, which looks at every open incident. */
    private volatile Instant lastLook;

    public IncidentLabels(RuntimeService runtime, RepositoryService repository, OperationsProperties operations) {
        this.runtime = runtime;
        this.repository = repository;
        this.settings = operations.incidentLabels();
    }

    @Scheduled(fixedDelayString = "${returnflow.operations.incident-labels.interval:10s}")
    public void run() {
        try {
            labelNewIncidents();
        } catch (RuntimeException e) {
            log.warn("Labelling incidents failed, trying again later: {}", e.toString());
        }
    }

    /** Annotates the open incidents that have no annotation yet; answers how many. */
    public int labelNewIncidents() {
        Instant started = Instant.now();
        IncidentQuery query = runtime.createIncidentQuery();
        if (lastLook != null) {
            query.incidentTimestampAfter(Date.from(lastLook.minus(settings.lookBack())));
        }
        List<Incident> unlabelled = query.list().stream()
                .filter(incident -> incident.getAnnotation() == null && incident.getProcessInstanceId() != null)
                .toList();
        int labelled = 0;
        if (!unlabelled.isEmpty()) {
            Map<String, ProcessInstance> instances = runtime.createProcessInstanceQuery()
                    .processInstanceIds(unlabelled.stream().map(Incident::getProcessInstanceId)
                            .collect(Collectors.toSet()))
                    .list().stream().collect(Collectors.toMap(ProcessInstance::getId, Function.identity()));
            Map<String, String> keys = definitionKeys(unlabelled);
            for (Incident incident : unlabelled) {
                ProcessInstance instance = instances.get(incident.getProcessInstanceId());
                String name = settings.businessKeys().get(keys.get(incident.getProcessDefinitionId()));
                if (instance == null || instance.getBusinessKey() == null || name == null) {
                    continue;
                }
                String label = name + " " + instance.getBusinessKey();
                runtime.setAnnotationForIncidentById(incident.getId(), label);
                labelled++;
                log.info("Incident {} at {} labelled '{}': {}", incident.getId(), incident.getActivityId(), label,
                        incident.getIncidentMessage());
            }
        }
        lastLook = started;
        return labelled;
    }

    private Map<String, String> definitionKeys(List<Incident> incidents) {
        Set<String> ids = new HashSet<>();
        incidents.forEach(incident -> ids.add(incident.getProcessDefinitionId()));
        return repository.createProcessDefinitionQuery().processDefinitionIdIn(ids.toArray(String[]::new)).list()
                .stream().collect(Collectors.toMap(ProcessDefinition::getId, ProcessDefinition::getKey));
    }
}
