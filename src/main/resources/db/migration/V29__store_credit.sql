-- The store-credit ledger: one credit per return, keyed by the return id, with the idempotency key every try of it
-- carries (credit:{returnId}). Written in transactions of its own (see StoreCreditService), so a try that reached the
-- provider stays recorded when the step's transaction rolls back for a retry. The bonus is kept apart from the
-- credited value: the value counts against what the order paid, the bonus is a cost of its own for finance.
-- Portable SQL: runs on PostgreSQL (production, tests) and H2 (the embedded default).

create table store_credits (
    return_id           varchar(32)    primary key,
    idempotency_key     varchar(255)   not null unique,
    customer_id         varchar(128)   not null,
    order_id            varchar(64)    not null,
    currency            varchar(3)     not null,
    amount              numeric(19, 2) not null,
    bonus               numeric(19, 2) default 0 not null,
    -- INTENDED, SENT, ISSUED, FAILED
    status              varchar(16)    not null,
    provider_credit_id  varchar(255),
    failure_reason      varchar(1000),
    attempts            integer        default 0 not null,
    first_attempt_at    timestamp with time zone,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    issued_at           timestamp with time zone,
    -- recorded as issued by hand (customer service, with the credit system's reference)
    external_reference  varchar(64),
    recorded_by         varchar(64)
);
create index store_credits_status_idx on store_credits (status, updated_at);

-- The sandbox store-credit provider's own state (only used when returnflow.store-credit.sandbox.enabled).
create table sandbox_store_credit_accounts (
    customer_id   varchar(128)   primary key,
    currency      varchar(3)     not null,
    -- value and bonus apart, as the entries are
    value_balance numeric(19, 2) not null,
    bonus_balance numeric(19, 2) not null,
    created_at    timestamp with time zone not null
);

create table sandbox_store_credit_entries (
    id           varchar(64)    primary key,
    customer_id  varchar(128)   not null,
    order_id     varchar(64),
    reference    varchar(64)    not null,
    currency     varchar(3)     not null,
    amount       numeric(19, 2) not null,
    bonus        numeric(19, 2) not null,
    created_at   timestamp with time zone not null
);
create index sandbox_store_credit_entries_customer_idx on sandbox_store_credit_entries (customer_id, created_at);
create index sandbox_store_credit_entries_reference_idx on sandbox_store_credit_entries (reference);

-- One row per idempotency key, written in the transaction that processed the request: the stored answer replays.
create table sandbox_store_credit_requests (
    idem_key             varchar(255) primary key,
    request_fingerprint  varchar(64)  not null,
    response_status      integer      not null,
    response_body        text         not null,
    created_at           timestamp with time zone not null
);

-- Tries of a key the sandbox failed on purpose (the flaky customer), counted apart: nothing was processed.
create table sandbox_store_credit_failures (
    idem_key   varchar(255) primary key,
    failures   integer      not null
);
