-- A refund the payment provider refused, then made through another channel (a bank transfer, a voucher) and
-- recorded by customer service or operations in "Resolve refund failure": the return's one refund row turns
-- SUCCEEDED with the other channel's reference, who recorded it and when (refunded_at). It has no provider
-- refund id: the provider never paid it, and nothing may send it to the provider again.
-- Portable SQL: runs on PostgreSQL (production, tests) and H2 (the embedded default).

alter table refunds add column external_reference varchar(64);
alter table refunds add column recorded_by varchar(64);
