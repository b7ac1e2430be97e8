package io.returnflow.platform.admission;

import org.camunda.bpm.engine.ManagementService;

/**
 * The due jobs from the engine's job table ({@code ACT_RU_JOB}, shared by the cluster): one count query through
 * the public query API, asked outside any user's authentication (the sampler's thread), so it counts every job.
 */
class EngineJobBacklog implements JobBacklog {

    private final ManagementService management;

    public EngineJobBacklog(ManagementService management) {
        this.management = management;
    }

    @Override
    public long dueJobs() {
        return management.createJobQuery().executable().active().count();
    }
}
