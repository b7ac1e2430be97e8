package io.returnflow.journey;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.returnflow.returns.ReturnSnapshots;

/** The return's resource, as {@code GET /api/returns/{id}} answers it, for the merchant's events. */
@Component
class ReturnSnapshotsFromViews implements ReturnSnapshots {

    private final ReturnViews views;

    ReturnSnapshotsFromViews(ReturnViews views) {
        this.views = views;
    }

    @Override
    public Optional<Object> snapshot(String returnId) {
        return views.findWithReturn(returnId).map(ReturnViews.Shown::view);
    }

    @Override
    public Optional<Shown> shown(String returnId) {
        return views.findWithReturn(returnId).map(v -> new Shown(v.ret(), v.view()));
    }
}
