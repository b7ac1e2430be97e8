-- Tracking of waybills. Portable SQL: runs on PostgreSQL (production, tests) and H2.

-- One row per waybill we need the tracking of. Kdniao pushes tracking (101) only for waybills that
-- were subscribed to (1008), so a subscription is requested as soon as a waybill is known (at booking,
-- or with the courier's collection push) and sent by a scheduled subscriber; a subscribed waybill that
-- stays silent is queried (1002) and the answer goes through the carrier inbox like a push.
create table tracking_subscriptions (
    waybill          varchar(64)    primary key,
    carrier          varchar(16),
    order_code       varchar(64),
    return_id        varchar(64),
    -- REQUESTED (1008 not yet accepted), SUBSCRIBED, PARKED (given up on, waits for operations)
    status           varchar(16)    not null,
    -- failed 1008 calls so far
    attempts         integer        default 0 not null,
    last_error       varchar(1000),
    requested_at     timestamp with time zone not null,
    next_attempt_at  timestamp with time zone,
    subscribed_at    timestamp with time zone,
    -- when the carrier last told us something about the shipment, and what (a normalised tracking state)
    last_update_at   timestamp with time zone,
    last_state       varchar(24),
    polled_at        timestamp with time zone
);
create index tracking_subscriptions_status_idx on tracking_subscriptions (status, next_attempt_at);
create index tracking_subscriptions_order_idx on tracking_subscriptions (order_code);

-- The sandbox carrier's subscriptions (only used when the sandbox carrier is enabled): its courier
-- pushes tracking snapshots of these waybills only, as Kdniao does. pushed_state is the order state
-- whose snapshot was pushed last.
create table sandbox_tracking_subscriptions (
    logistic_code  varchar(64)    primary key,
    shipper_code   varchar(16),
    order_code     varchar(64),
    callback       varchar(64),
    subscribed_at  timestamp with time zone not null,
    pushed_state   varchar(16)
);
