-- Several nodes on one database: what each node used to keep for itself is kept here.
-- Portable SQL: runs on PostgreSQL (production, tests) and H2.

-- The wrong-code limits at the counter count a client's (user and address) failures from the audit, the newest
-- first within the window; the store's are found by check_in_attempts_store_idx (V9).
create index check_in_attempts_client_idx on check_in_attempts (clerk_id, client_address, attempted_at);

-- The sandbox payment provider's idempotency key in flight is a lease: until in_flight_until the key belongs to
-- the request (on whichever node) processing it; after it, the next request with the key takes it over. A key
-- left in flight before leases is free at once, as the start of a node freed it before.
alter table sandbox_payment_requests add column in_flight_until timestamp with time zone;
alter table sandbox_payment_requests drop column in_flight;

-- The node delivering a sandbox refund's webhook holds it until webhook_claimed_until, so that of several nodes
-- ticking at once one sends it.
alter table sandbox_payment_refunds add column webhook_claimed_until timestamp with time zone;

-- The sandbox carrier is one courier for all nodes: the node whose tick holds this row's lease moves orders on and
-- pushes; the others skip their tick meanwhile.
create table sandbox_courier_turn (
    name        varchar(32)  primary key,
    holder      varchar(64),
    held_until  timestamp with time zone
);
insert into sandbox_courier_turn (name) values ('courier');
