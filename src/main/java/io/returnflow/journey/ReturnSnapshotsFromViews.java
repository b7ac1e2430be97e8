package io.returnflow.journey;

import java.util.Optional;

import org.springframework.stereotype.Component;

import io.returnflow.returns.CustomerReturn;
import io.returnflow.returns.ReturnRepository;
import io.returnflow.returns.ReturnSnapshots;

/** The return's resource, as {@code GET /api/returns/{id}} answers it, for the merchant's events. */
@Component
class ReturnSnapshotsFromViews implements ReturnSnapshots {

    private final ReturnRepository returns;
    private final ReturnViews views;

    ReturnSnapshotsFromViews(ReturnRepository returns, ReturnViews views) {
        this.returns = returns;
        this.views = views;
    }

    @Override
    public Optional<Object> snapshot(String returnId) {
        return returns.find(returnId).map(views::of);
    }

    @Override
    public Object snapshot(CustomerReturn r) {
        return views.of(r);
    }
}
