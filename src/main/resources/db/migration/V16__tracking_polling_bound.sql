-- Polling a silent waybill is bounded: each query that brings no news waits longer before the next (doubling
-- from poll-after, capped), and a waybill silent for max-silence (or max-silent-polls queries) is no longer
-- polled (status SILENT) until the carrier speaks again; the journey's lost-parcel timer decides about the
-- parcel meanwhile. Portable SQL (H2 and PostgreSQL).
alter table tracking_subscriptions add column silent_polls integer default 0 not null;
alter table tracking_subscriptions add column next_poll_at timestamp with time zone;
