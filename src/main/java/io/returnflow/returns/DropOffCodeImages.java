package io.returnflow.returns;

import java.util.Optional;

/**
 * Where a buyer's browser finds the return's drop-off code as a QR image without logging in: a path signed for
 * that one return (the messages to the buyer link to it). Implemented by the buyer's page, which serves it.
 */
public interface DropOffCodeImages {

    /** The signed path (from the site's root), or empty when this installation signs none (no key configured). */
    Optional<String> publicPath(String returnId);
}
