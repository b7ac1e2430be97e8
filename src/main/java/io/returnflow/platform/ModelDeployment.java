package io.returnflow.platform;

import java.time.OffsetDateTime;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where one model of the engine (a process or a decision, by its key) stands: which version new instances
 * use, whether the application's release deployed it, and whether a release replaced an analyst's version
 * (README, "Changing the journey: the analysts' path").
 *
 * @param name                   the model's readable name in its live version
 * @param live                   the version new instances and evaluations use (the newest)
 * @param release                the newest version the application deployed; {@code null} if it never did
 * @param replacedAnalystVersion the newest analyst's version, when a release's version came after it with
 *                               other content; {@code null} otherwise
 * @param reconciliation         the operations task about that replacement; {@code null} when there is none
 * @param action                 what to do, in a sentence; {@code null} when nothing is to be done
 */
@Schema(description = "Where one process or decision stands.")
record ModelDeployment(Kind kind, String key, String name, State state, Version live, Version release,
                              Version replacedAnalystVersion, Reconciliation reconciliation, String action) {

    public enum Kind { PROCESS, DECISION }

    public enum State {
        /** The live version is the release's, or an analyst deployed exactly the release's file. */
        RELEASE,
        /**
         * An analyst's version, other than the release's, is live: it stays live until a release changes the
         * same file, so it belongs in {@code processes/}.
         */
        ANALYST_VERSION_LIVE,
        /** A release's version replaced an analyst's newer, different one, and nobody has reconciled that yet. */
        RELEASE_REPLACED_ANALYST_VERSION,
        /** The application never deployed this model: it is not in {@code processes/}. */
        NOT_IN_RELEASE
    }

    /**
     * One deployed version.
     *
     * @param deploymentName the deployment's name (an analyst's as typed in Modeler; a release's is the engine's
     *                       auto-deployment name)
     * @param source         who says they deployed it ({@code Camunda Modeler}); {@code null} when nobody said
     * @param fromRelease    whether the application deployed it from {@code processes/} at a start
     */
    @Schema(name = "ModelVersion", description = "One deployed version of a model.")
    public record Version(int version, String definitionId, String deploymentId, String deploymentName,
                          String source, OffsetDateTime deployedAt, boolean fromRelease) {
    }

    /**
     * The Tasklist task operations get when a release replaced an analyst's version; completing it says the
     * replacement was dealt with.
     *
     * @param closedBy who completed it, when known
     */
    @Schema(name = "ModelReconciliationTask", description = "The operations task about a replaced analyst's version.")
    public record Reconciliation(String taskId, boolean done, String closedBy, OffsetDateTime closedAt) {
    }
}
