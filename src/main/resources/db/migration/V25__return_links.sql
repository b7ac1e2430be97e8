-- The buyer's return links (selfservice/): the order as the merchant's system sent it, so that the buyer's page
-- can offer its lines without asking the storefront again. The buyer's contact lives here and in the return's
-- own tables only, never in the engine's variables or history. The link's token is not stored: it is the link
-- id and expiry signed with a key of the configuration (HMAC-SHA256), checked on every call.
-- Portable SQL: runs on PostgreSQL (production, tests) and H2 (the embedded default).

create table return_links (
    -- public id, e.g. RL-8F3K2Q7M
    id                  varchar(32)   primary key,
    order_id            varchar(64)   not null,
    ordered_at          timestamp with time zone,
    delivered_at        timestamp with time zone not null,
    customer_id         varchar(64)   not null,
    customer_name       varchar(128)  not null,
    customer_phone      varchar(32),
    customer_email      varchar(254),
    customer_tier       varchar(32)   not null,
    customer_language   varchar(8),
    payment_provider    varchar(32)   not null,
    payment_charge_id   varchar(128)  not null,
    payment_currency    varchar(3)    not null,
    amount_paid         numeric(14, 2) not null,
    -- the order's lines (JSON array: lineId, sku, name, category, quantity, unitPrice as a decimal string)
    items               text          not null,
    -- where the order was delivered (JSON object as a return's pickup address), for the pickup form; optional
    shipping_address    text,
    created_by          varchar(128)  not null,
    created_at          timestamp with time zone not null,
    expires_at          timestamp with time zone not null,
    -- the return last started from the link, and the fingerprint of the buyer's confirmation that started it:
    -- the same confirmation again answers that return (a double tap, a retry)
    return_id           varchar(32),
    confirmation_hash   varchar(64),
    returns_started     integer       default 0 not null,
    -- the calls counted against the link's allowance: how many since when (one fixed window per link)
    calls_since         timestamp with time zone,
    calls               integer       default 0 not null
);

create index return_links_order on return_links (order_id);
