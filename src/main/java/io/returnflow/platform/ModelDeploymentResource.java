package io.returnflow.platform;

import static io.returnflow.platform.ApiDocumentation.TAG_MODELS;
import static io.returnflow.platform.Roles.ADMIN;
import static io.returnflow.platform.Roles.ANALYST;
import static io.returnflow.platform.Roles.OPS;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code GET /api/model-deployments} (operations, analysts, admins): where every process and decision stands,
 * as {@link ReleaseModelCheck} reports it at a start, read afresh.
 */
@RestController
@RequestMapping("/api/model-deployments")
@Tag(name = TAG_MODELS)
class ModelDeploymentResource {

    private final ModelDeployments models;

    public ModelDeploymentResource(ModelDeployments models) {
        this.models = models;
    }

    /**
     * @param releaseDeploymentName the name the application's own deployments carry
     * @param needAttention         how many models are {@code ANALYST_VERSION_LIVE} or
     *                              {@code RELEASE_REPLACED_ANALYST_VERSION}
     */
    @Schema(name = "ModelDeployments", description = "Where every process and decision stands.")
    public record Overview(String releaseDeploymentName, int needAttention, List<ModelDeployment> models) {
    }

    @GetMapping
    @Operation(operationId = "listModelDeployments", summary = "Where each model stands", description = "For every "
            + "BPMN process and DMN decision: the version that runs, the release's, and whether a release replaced "
            + "an analyst's version deployed from Camunda Modeler (with the task that reconciles it).")
    @ApiResponse(responseCode = "200", description = "Every model.", content = @Content(
            schema = @Schema(implementation = Overview.class),
            examples = @ExampleObject(name = "release", ref = "#/components/examples/model-deployments")))
    @ProblemResponses({})
    @ApiRoles({OPS, ANALYST, ADMIN})
    public Overview overview() {
        List<ModelDeployment> all = models.all();
        int attention = (int) all.stream().filter(m -> m.state() == ModelDeployment.State.ANALYST_VERSION_LIVE
                || m.state() == ModelDeployment.State.RELEASE_REPLACED_ANALYST_VERSION).count();
        return new Overview(models.releaseDeploymentName(), attention, all);
    }
}
