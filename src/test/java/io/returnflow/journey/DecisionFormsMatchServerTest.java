package io.returnflow.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.returnflow.payment.ExternalRefundReference;
import io.returnflow.pickup.ResolveFailedPickupDecided;
import io.returnflow.risk.ReviewRiskyReturnDecided;

/**
 * The forms check in the browser what they can, with the limits the server enforces (a form that lets
 * through what the server refuses sends a person a 400 for something the form could have said at once).
 */
class DecisionFormsMatchServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theReferenceOfARefundMadeElsewhereIsAskedForAsTheServerChecksIt() throws IOException {
        JsonNode validate = field("resolve-refund-failure", "externalRefundReference").path("validate");

        assertThat(validate.path("required").asBoolean()).isTrue();
        assertThat(validate.path("minLength").asInt()).isEqualTo(ExternalRefundReference.MIN_LENGTH);
        assertThat(validate.path("maxLength").asInt()).isEqualTo(ExternalRefundReference.MAX_LENGTH);
        assertThat(validate.path("pattern").asText()).isEqualTo(ExternalRefundReference.PATTERN.pattern());
    }

    @Test
    void theReasonOfACancellationIsAskedForAsTheServerChecksIt() throws IOException {
        JsonNode validate = field("resolve-failed-pickup", "cancelReason").path("validate");

        assertThat(validate.path("required").asBoolean()).isTrue();
        assertThat(validate.path("minLength").asInt()).isEqualTo(ResolveFailedPickupDecided.CANCEL_REASON_MIN);
        assertThat(validate.path("maxLength").asInt()).isEqualTo(ResolveFailedPickupDecided.CANCEL_REASON_MAX);
    }

    @Test
    void theNoteOfARiskReviewIsAskedForAsTheServerChecksIt() throws IOException {
        JsonNode validate = field("review-return-risk", "riskReviewNote").path("validate");

        assertThat(validate.path("required").asBoolean()).isTrue();
        assertThat(validate.path("minLength").asInt()).isEqualTo(ReviewRiskyReturnDecided.NOTE_MIN);
        assertThat(validate.path("maxLength").asInt()).isEqualTo(ReviewRiskyReturnDecided.NOTE_MAX);
    }

    @Test
    void anInspectorCannotAcceptMoreThanWasReturnedNorDeductMoreThanItIsWorth() throws IOException {
        // FEEL on the row ("this"): form-js evaluates min/max expressions per row of a dynamic list
        assertThat(field("inspect-returned-items", "acceptedQuantity").path("validate").path("max").asText())
                .isEqualTo("=this.quantity");
        assertThat(field("inspect-returned-items", "deduction").path("validate").path("max").asText())
                .isEqualTo("=this.unitPrice * this.acceptedQuantity");
    }

    @Test
    void aWaitForAMissingParcelCannotBeInThePast() throws IOException {
        JsonNode waitUntil = field("investigate-missing-parcel", "waitUntil");

        assertThat(waitUntil.path("validate").path("required").asBoolean()).isTrue();
        assertThat(waitUntil.path("disallowPassedDates").asBoolean()).isTrue();
    }

    private static JsonNode field(String form, String key) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        collect(JSON.readTree(Path.of("forms", form + ".form").toFile()).path("components"), key, found);
        assertThat(found).as(key + " in " + form).hasSize(1);
        return found.get(0);
    }

    private static void collect(JsonNode components, String key, List<JsonNode> found) {
        for (JsonNode component : components) {
            if (key.equals(component.path("key").asText())) {
                found.add(component);
            }
            collect(component.path("components"), key, found);
        }
    }
}
