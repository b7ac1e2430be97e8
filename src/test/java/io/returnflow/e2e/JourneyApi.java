package io.returnflow.e2e;

import static io.returnflow.support.ReturnRequests.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import io.returnflow.support.Eventually;

/**
 * The people's side of a return journey over HTTP, as the end-to-end suites drive it: the merchant creates a return
 * and reads its view and timeline through the API, a task holder finds the journey's open task and completes it
 * through the engine REST API, as Tasklist does. Every user's password is its name, as the test profile seeds them.
 */
final class JourneyApi {

    private final TestRestTemplate rest;
    /** The longest a wait for a task may take (the carrier's webhooks move the journey on); it ends once it is open. */
    private final Duration taskWait;

    JourneyApi(TestRestTemplate rest, Duration taskWait) {
        this.rest = rest;
        this.taskWait = taskWait;
    }

    TestRestTemplate as(String user) {
        return rest.withBasicAuth(user, user);
    }

    /** {@code POST /api/returns} as the merchant; the new return's id. */
    String create(Map<String, Object> body) {
        ResponseEntity<JsonNode> created = as("merchant").postForEntity("/api/returns", body, JsonNode.class);
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return created.getBody().path("id").asText();
    }

    JsonNode getReturn(String id) {
        return as("merchant").getForObject("/api/returns/" + id, JsonNode.class);
    }

    List<String> timelineTypes(String id) {
        return as("merchant").getForObject("/api/returns/" + id + "/timeline", JsonNode.class).findValuesAsText("type");
    }

    /** The latest timeline entry of the type, which must be there. */
    JsonNode lastEntry(String id, String type) {
        JsonNode found = null;
        for (JsonNode event : as("merchant").getForObject("/api/returns/" + id + "/timeline", JsonNode.class)) {
            if (type.equals(event.path("type").asText())) {
                found = event;
            }
        }
        assertThat(found).as(type + " on the timeline of " + id + ": " + timelineTypes(id)).isNotNull();
        return found;
    }

    /** The journey's open task of that BPMN id as the user sees it, or null. */
    JsonNode openTask(String user, String id, String taskKey) {
        JsonNode tasks = as(user).getForObject("/engine-rest/task?processInstanceBusinessKey=" + id
                + "&taskDefinitionKey=" + taskKey, JsonNode.class);
        return tasks == null || tasks.isEmpty() ? null : tasks.get(0);
    }

    JsonNode awaitTask(String user, String id, String taskKey) {
        return Eventually.await(taskKey + " of " + id + " for " + user, taskWait, () -> openTask(user, id, taskKey),
                Objects::nonNull);
    }

    /** {@code POST /engine-rest/task/{id}/complete}, as Tasklist sends a decision. */
    ResponseEntity<JsonNode> complete(String user, JsonNode task, Map<String, Object> variables) {
        return as(user).postForEntity("/engine-rest/task/" + task.path("id").asText() + "/complete",
                map("variables", variables), JsonNode.class);
    }
}
