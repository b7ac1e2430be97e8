-- The refund ledger: one refund per return, keyed by the return id, with the idempotency key every try
-- of that refund carries. Written in transactions of its own (see RefundService), so a try that reached
-- the provider stays recorded when the refund step's transaction rolls back for a retry.
-- Portable SQL: runs on PostgreSQL (production, tests) and H2 (the embedded default).

create table refunds (
    return_id           varchar(32)    primary key,
    idempotency_key     varchar(255)   not null unique,
    charge_id           varchar(128)   not null,
    amount              numeric(19, 2) not null,
    currency            varchar(3)     not null,
    -- INTENDED, SENT, PENDING, SUCCEEDED, FAILED
    status              varchar(16)    not null,
    provider_refund_id  varchar(255),
    failure_reason      varchar(1000),
    attempts            integer        default 0 not null,
    -- the provider forgets idempotency keys after about 24 h: a later re-send first lists the charge's refunds
    first_attempt_at    timestamp with time zone,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    refunded_at         timestamp with time zone
);
-- follow-ups look for refunds left PENDING or SENT
create index refunds_status_idx on refunds (status, updated_at);

-- The sandbox payment provider's own state (only used when returnflow.payment.sandbox.enabled).
create table sandbox_payment_refunds (
    id               varchar(64)  primary key,
    charge_id        varchar(128) not null,
    -- minor units, as the provider's API speaks
    amount           bigint       not null,
    currency         varchar(3)   not null,
    reason           varchar(32),
    return_id        varchar(64),
    status           varchar(16)  not null,
    idempotency_key  varchar(255),
    created_at       timestamp with time zone not null
);
create index sandbox_payment_refunds_charge_idx on sandbox_payment_refunds (charge_id, created_at);

-- One row per idempotency key: the row is the lock (in_flight) and, once stored, the answer to replay.
create table sandbox_payment_requests (
    idem_key             varchar(255) primary key,
    request_fingerprint  varchar(64)  not null,
    in_flight            boolean      default false not null,
    response_status      integer,
    response_body        text,
    attempts             integer      default 0 not null,
    created_at           timestamp with time zone not null
);
