-- Exchange orders (exchange/): the replacement items a return exchanges, ordered from the merchant's shop through
-- the commerce port. Portable SQL: runs on PostgreSQL (production, tests) and H2 (the embedded default).

-- One order per return (an instant exchange placed at request is the same order). Its id (EX-...) is the
-- idempotency key the shop sees on every try. Both the shop's outcome API and the journey's look-up lock the row,
-- so that an answer arriving just before the journey waits is seen by the journey, never lost between the two.
create table exchange_orders (
    id               varchar(64)  primary key,
    return_id        varchar(64)  not null unique,
    order_id         varchar(64)  not null,
    customer_id      varchar(64)  not null,
    -- PLACING (written before the shop is called), PENDING (the shop answers later), CONFIRMED, OUT_OF_STOCK, REFUSED
    status           varchar(16)  not null,
    instant          boolean      not null,
    shop_order_id    varchar(128),
    -- out of stock: the skus; refused: the shop's code and reason
    reason           varchar(1000),
    placed_at        timestamp with time zone not null,
    answered_at      timestamp with time zone,
    updated_at       timestamp with time zone not null
);

create table exchange_order_lines (
    exchange_order_id  varchar(64)  not null references exchange_orders (id),
    line_id            varchar(64)  not null,
    sku                varchar(128) not null,
    name               varchar(256) not null,
    quantity           integer      not null,
    unit_price         decimal(19, 2) not null,
    primary key (exchange_order_id, line_id)
);

-- The sandbox shop's state (only used when returnflow.commerce.sandbox.enabled): stock per sku (a sku without a row
-- has the configured default stock), the orders it took, and how often each key was tried (its 503 scenario).
create table sandbox_commerce_stock (
    sku        varchar(128) primary key,
    available  integer      not null
);

create table sandbox_commerce_orders (
    id             varchar(64)  primary key,
    return_id      varchar(64)  not null,
    -- the request's body, as the first try sent it (a repeated key with another body is refused)
    request        text         not null,
    status         varchar(16)  not null,
    shop_order_id  varchar(128),
    skus           varchar(1000),
    -- PENDING orders: what they become when the sandbox is stepped (CONFIRMED or OUT_OF_STOCK)
    becomes        varchar(16),
    tries          integer      not null,
    created_at     timestamp with time zone not null,
    answered_at    timestamp with time zone,
    -- the outcome API took the answer (PENDING orders only)
    told_at        timestamp with time zone
);
