-- The carrier's own figures for a shipment, beside our quote in the freight ledger, and in the reconciliation
-- report. Portable SQL: runs on PostgreSQL (production, tests) and H2.

-- What the carrier itself reported a shipment weighed and costs (Kdniao pickup push 103: State 301 "collected"
-- = COLLECTION, State 601 "settlement fee" = SETTLEMENT), one row per shipment and kind, so that a late
-- collection never overwrites a settlement and each report stays as the carrier sent it. The figures that
-- stand are the settlement's when there is one, else the collection's (FreightLedger.CarrierFigures).
-- Keyed by our order code, the freight_ledger entry's unique key, and deliberately without a foreign key to
-- it: a push can be processed before the booking that enters the shipment committed (or for a booking made
-- before the ledger existed); its figures are kept and belong to the entry as soon as it exists.
-- reported_at: when the carrier reported them; of two reports of the same kind with other figures, the later
-- one stands.
create table freight_carrier_charges (
    order_code            varchar(64)    not null,
    kind                  varchar(16)    not null,
    -- the waybill the carrier named with the report, when it named one
    waybill               varchar(64),
    weight_kg             numeric(19, 3),
    -- as the carrier reported it (cm³ or its own unit)
    volume                numeric(19, 6),
    total_fee             numeric(19, 2),
    cost                  numeric(19, 2),
    reported_at           timestamp with time zone not null,
    primary key (order_code, kind),
    constraint freight_carrier_charges_kind_ck check (kind in ('COLLECTION', 'SETTLEMENT'))
);

-- Every other fee the carrier itemised in a report (insurance, packing, …), by the carrier's own name for it.
-- A table rather than a text column: amounts stay numbers with the currency's scale, readable and summable
-- in SQL on both databases without a JSON type or an encoding of our own.
create table freight_carrier_charge_fees (
    order_code            varchar(64)    not null,
    kind                  varchar(16)    not null,
    name                  varchar(128)   not null,
    amount                numeric(19, 2) not null,
    primary key (order_code, kind, name),
    constraint freight_carrier_charge_fees_charge_fk foreign key (order_code, kind)
        references freight_carrier_charges (order_code, kind)
);

-- A report line about one of our shipments also keeps our declared weight and the carrier's own figures as
-- they stood when the statement was reconciled (a later settlement push does not change a kept report).
alter table carrier_statement_lines add column declared_weight_kg numeric(19, 3);
alter table carrier_statement_lines add column carrier_fee_kind varchar(16);
alter table carrier_statement_lines add column carrier_weight_kg numeric(19, 3);
alter table carrier_statement_lines add column carrier_total_fee numeric(19, 2);
alter table carrier_statement_lines add column carrier_reported_at timestamp with time zone;
