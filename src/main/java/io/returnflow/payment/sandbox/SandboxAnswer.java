package io.returnflow.payment.sandbox;

/**
 * What the sandbox provider answers: an HTTP status and a JSON body, exactly as stored for an
 * idempotent replay.
 *
 * @param replayed the answer is the stored first answer to an earlier request with the same key
 */
record SandboxAnswer(int status, String body, boolean replayed) {

    SandboxAnswer replay() {
        return new SandboxAnswer(status, body, true);
    }
}
