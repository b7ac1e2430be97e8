package io.returnflow.returns;

import java.util.Optional;

/**
 * The return as {@code GET /api/returns/{id}} shows it, for whatever must carry a copy of it (the merchant's
 * events). Implemented where the view is assembled; the core only names the need.
 */
public interface ReturnSnapshots {

    /** The return's resource, ready to be written as JSON; empty when there is no such return. */
    Optional<Object> snapshot(String returnId);

    /** The resource of a return already read in this transaction (one read of the return fewer). */
    Object snapshot(CustomerReturn r);
}
