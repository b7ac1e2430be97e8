-- What the warehouse does with each returned line (inspection/), whatever the buyer got for it.
-- Portable SQL: runs on PostgreSQL (production, tests) and H2 (the embedded default).

-- One row per returned line, written once: the inspector's choice, or RESTOCK for a line nobody inspected by hand.
-- The primary key is the guard: a step run again (a retried job, a second node) inserts nothing.
create table line_dispositions (
    return_id    varchar(32)  not null references returns (id),
    line_id      varchar(64)  not null,
    -- RESTOCK, REFURBISH, DISPOSE, RETURN_TO_VENDOR (returns.Disposition)
    disposition  varchar(20)  not null,
    -- INSPECTION (an inspector chose it) or DEFAULT (not inspected by hand: restocked)
    source       varchar(16)  not null,
    -- the inspector's user id, or the journey for a default
    recorded_by  varchar(64)  not null,
    recorded_at  timestamp with time zone not null,
    primary key (return_id, line_id)
);

-- operations' gauge counts the lines per disposition
create index line_dispositions_disposition on line_dispositions (disposition, source);
