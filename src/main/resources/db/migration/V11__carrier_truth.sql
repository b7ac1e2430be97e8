-- What the carrier told us about a booking beyond its tracking state. Portable SQL (H2 and PostgreSQL).

-- A home pickup: the carrier's own order reference (Kdniao's KDNOrderCode, from the booking's answer or
-- an accepted order change), the courier it sent and the code the buyer gives the courier at the door,
-- and when the carrier reported collecting the parcel (cleared again when it reports the collection as
-- fake). Receipt needs a recorded collection on the waybill the parcel travels on now.
alter table pickup_bookings add column carrier_order_ref varchar(64);
alter table pickup_bookings add column courier_name varchar(64);
alter table pickup_bookings add column courier_phone varchar(32);
alter table pickup_bookings add column pickup_code varchar(32);
alter table pickup_bookings add column collected_at timestamp with time zone;
create index pickup_bookings_waybill_idx on pickup_bookings (waybill);

-- Backfill: bookings whose tracking already said the courier had the parcel were collected.
update pickup_bookings set collected_at = booked_at
 where tracking_state in ('COLLECTED', 'IN_TRANSIT', 'SIGNED');

-- A store's consolidated shipment: likewise.
alter table store_shipments add column carrier_order_ref varchar(64);
alter table store_shipments add column collected_at timestamp with time zone;
update store_shipments set collected_at = booked_at
 where tracking_state in ('COLLECTED', 'IN_TRANSIT', 'SIGNED');
