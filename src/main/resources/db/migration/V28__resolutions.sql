-- How each returned line is settled (refund, store credit, exchange) and what the return plans to credit.
-- Portable SQL: runs on PostgreSQL (production, tests) and H2 (the embedded default).

-- Per line: the resolution chosen, the replacement of an exchange, and what the analysts' table return-resolutions
-- answered for it (bonus, where a price difference goes, what a refused exchange becomes, and the rule that allowed
-- it), so that every amount can be explained later from the row alone.
alter table return_items add column resolution varchar(16) default 'REFUND' not null;
alter table return_items add column exchange_sku varchar(64);
alter table return_items add column exchange_name varchar(256);
alter table return_items add column exchange_unit_price numeric(19, 2);
alter table return_items add column credit_bonus_percent numeric(7, 2) default 0 not null;
alter table return_items add column exchange_difference_to varchar(16) default 'REFUND' not null;
alter table return_items add column exchange_fallback varchar(24) default 'REFUND' not null;
alter table return_items add column resolution_rule varchar(64);
-- an exchanged line whose exchange was refused and whose fallback customer service chooses
alter table return_items add column fallback_pending boolean default false not null;

-- Per return: the store credit it plans to give (counted against what the order paid) and the bonus on top
-- (recorded apart: finance books it as a cost of its own); whether the buyer asked for the replacement first.
alter table returns add column credit_amount numeric(19, 2) default 0 not null;
alter table returns add column credit_bonus numeric(19, 2) default 0 not null;
alter table returns add column instant_exchange_requested boolean default false not null;
