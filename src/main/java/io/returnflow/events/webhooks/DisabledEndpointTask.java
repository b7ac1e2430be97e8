package io.returnflow.events.webhooks;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.returnflow.platform.Roles;
import io.returnflow.platform.Text;

/**
 * A Tasklist task for operations (candidate group {@code ops}) for each endpoint disabled: which endpoint, its URL,
 * why, how many deliveries wait, and how to enable it again. A standalone task (no process): operations complete it
 * once the merchant's system is back and the endpoint enabled.
 */
@Component
class DisabledEndpointTask implements EndpointDisabledAlarm {

    /** The task's local variable naming the endpoint, so that its tasks can be found. */
    static final String ENDPOINT_VARIABLE = "webhookEndpointId";
    private static final Logger log = LoggerFactory.getLogger(DisabledEndpointTask.class);
    /** Above Tasklist's default (50): the merchant hears of nothing until it is handled. */
    private static final int TASK_PRIORITY = 70;
    private static final int MAX_NAME = 250;

    private final TaskService tasks;

    DisabledEndpointTask(TaskService tasks) {
        this.tasks = tasks;
    }

    @Override
    public void disabled(String endpointId, String url, String reason, long pendingDeliveries) {
        Task task = tasks.newTask();
        task.setName(Text.fit("Webhook endpoint disabled: " + url, MAX_NAME));
        task.setDescription("Webhook endpoint " + endpointId + " (" + url + ") was disabled: " + reason + ". "
                + pendingDeliveries + " deliveries wait for it; none is dropped. Once the merchant's system answers "
                + "again, enable it with PATCH /api/webhook-endpoints/" + endpointId + " {\"enabled\": true}: the "
                + "waiting deliveries are then sent, in order. Its delivery log: GET /api/webhook-endpoints/"
                + endpointId + "/deliveries?status=PENDING. Complete this task when that is done.");
        task.setPriority(TASK_PRIORITY);
        tasks.saveTask(task);
        tasks.addCandidateGroup(task.getId(), Roles.OPS);
        tasks.setVariableLocal(task.getId(), ENDPOINT_VARIABLE, endpointId);
        log.warn("Webhook endpoint {} ({}) disabled: {}; task {} opened for operations", endpointId, url, reason,
                task.getId());
    }
}
