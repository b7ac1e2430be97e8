package io.returnflow.returns;

import java.util.Optional;

/**
 * The return as {@code GET /api/returns/{id}} shows it, for whatever must carry a copy of it (the merchant's
 * events). Implemented where the view is assembled; the core only names the need.
 */
public interface ReturnSnapshots {

    /** The return's resource, ready to be written as JSON; empty when there is no such return. */
    Optional<Object> snapshot(String returnId);

    /**
     * The return as stored and its resource, read together (the resource's reads include the return's): for a
     * caller that needs both; empty when there is no such return.
     */
    Optional<Shown> shown(String returnId);

    /**
     * @param ret      the return as stored now
     * @param resource its resource, ready to be written as JSON
     */
    record Shown(CustomerReturn ret, Object resource) {
    }
}
