-- One row per order that has returns: locked while a return of the order is accepted, so two
-- returns of different lines of one order cannot both plan a refund from the same paid amount.
create table order_guards (
    order_id    varchar(64) primary key
);
