package io.returnflow.platform;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/model-deployments} (operations, analysts, admins): where every process and decision stands,
 * as {@link ReleaseModelCheck} reports it at a start, read afresh.
 */
@RestController
@RequestMapping("/api/model-deployments")
public class ModelDeploymentResource {

    private final ModelDeployments models;

    public ModelDeploymentResource(ModelDeployments models) {
        this.models = models;
    }

    /**
     * @param releaseDeploymentName the name the application's own deployments carry
     * @param needAttention         how many models are {@code ANALYST_VERSION_LIVE} or
     *                              {@code RELEASE_REPLACED_ANALYST_VERSION}
     */
    public record Overview(String releaseDeploymentName, int needAttention, List<ModelDeployment> models) {
    }

    @GetMapping
    public Overview overview() {
        List<ModelDeployment> all = models.all();
        int attention = (int) all.stream().filter(m -> m.state() == ModelDeployment.State.ANALYST_VERSION_LIVE
                || m.state() == ModelDeployment.State.RELEASE_REPLACED_ANALYST_VERSION).count();
        return new Overview(models.releaseDeploymentName(), attention, all);
    }
}
