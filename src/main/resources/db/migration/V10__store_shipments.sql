-- A store's consolidated shipments (批量寄件). Portable SQL: runs on PostgreSQL (production, tests) and H2.

-- One row per shipment from a store to the warehouse: OPEN while parcels join it, CLOSED once the store's
-- consolidation rule fired (later check-ins wait for the next shipment), BOOKED with the carrier, then
-- SIGNED at the warehouse or LOST. The order code is the shipment's own and never reused; the carrier
-- names the waybill at booking or only at collection.
create table store_shipments (
    id                   varchar(32)    primary key,
    store_id             varchar(32)    not null references stores (id),
    status               varchar(16)    not null,
    -- the store's id while the shipment is OPEN, null afterwards: at most one open shipment per store,
    -- whatever the isolation level (a second one collides here)
    open_for_store       varchar(32),
    order_code           varchar(64)    not null,
    carrier              varchar(16),
    waybill              varchar(64),
    tracking_state       varchar(24),
    window_start         timestamp with time zone,
    window_end           timestamp with time zone,
    opened_at            timestamp with time zone not null,
    closed_at            timestamp with time zone,
    booked_at            timestamp with time zone,
    signed_at            timestamp with time zone,
    lost_at              timestamp with time zone,
    process_instance_id  varchar(64),
    constraint store_shipments_order_code_uq unique (order_code),
    constraint store_shipments_open_uq unique (open_for_store)
);
create index store_shipments_store_idx on store_shipments (store_id, opened_at);
create index store_shipments_waybill_idx on store_shipments (waybill);

-- The returns a shipment carries; a return rides in one shipment only.
create table store_shipment_returns (
    shipment_id          varchar(32)    not null references store_shipments (id),
    return_id            varchar(32)    not null references returns (id),
    joined_at            timestamp with time zone not null,
    primary key (shipment_id, return_id),
    constraint store_shipment_returns_return_uq unique (return_id)
);
