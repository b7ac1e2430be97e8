-- Refunds the provider accepted but has not settled (PENDING) are followed up: by the provider's webhook
-- and, when that stays away, by asking the provider (PendingRefundFollowUp).
-- Portable SQL: runs on PostgreSQL (production, tests) and H2 (the embedded default).

-- when the refund became PENDING (kept while it stays pending, cleared when it settles) and when the
-- provider was last asked about it: a refund is asked about again only a while after the last question
alter table refunds add column pending_since timestamp with time zone;
alter table refunds add column last_checked_at timestamp with time zone;
create index refunds_provider_refund_idx on refunds (provider_refund_id);

-- The sandbox provider: a refund on ch_refund_pending stays pending until settles_at, then succeeds and
-- the provider's webhook (refund.updated) is sent until the application acknowledges it.
alter table sandbox_payment_refunds add column settles_at timestamp with time zone;
alter table sandbox_payment_refunds add column webhook_due boolean default false not null;
