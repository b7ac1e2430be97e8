-- Reconciliation weighs the carrier's weight against ours. Portable SQL: runs on PostgreSQL (production,
-- tests) and H2.

-- A new outcome, WEIGHT_DISCREPANCY: the statement's weight for a shipment of ours, priced by our rate table for
-- the shipment's route, comes to another amount than the weight we declared. Longer than the column was.
alter table carrier_statement_lines alter column outcome set data type varchar(32);

-- What the statement's weight prices to by our rate table when the statement was reconciled (a later change of
-- the rates does not change a kept report); null when no rate row priced the shipment or the row had no weight.
alter table carrier_statement_lines add column weight_priced_amount numeric(19, 2);
