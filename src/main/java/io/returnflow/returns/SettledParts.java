package io.returnflow.returns;

import java.util.Optional;

/**
 * Port: whether a feature has settled its part of a return already (a refund sent to the provider, store credit
 * issued, an exchange order placed). Before a line's resolution changes every implementation is asked: once money
 * or goods moved, the resolutions stand. Each feature that settles a part answers for its own part.
 */
public interface SettledParts {

    /**
     * @return what was settled, for the answer to the caller (e.g. {@code "refund PENDING"}); empty when nothing
     */
    Optional<String> settledPart(String returnId);
}
