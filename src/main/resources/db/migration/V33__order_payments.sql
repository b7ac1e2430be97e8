-- The order's payment as its first return stated it: what the order paid, in which currency, by which charge.
-- Every later return (and quote, and return link) of the order must state the same, so that the refund and credit
-- of all its returns are capped by one figure. Null only on a guard row that never had a return.
alter table order_guards add column payment_provider varchar(32);
alter table order_guards add column charge_id varchar(128);
alter table order_guards add column currency varchar(3);
alter table order_guards add column amount_paid numeric(19, 2);

-- Orders returned before: a guard row for each, fixed by the earliest return of the order (any status: a refused
-- or cancelled return stated the order's payment as well).
insert into order_guards (order_id)
select distinct r.order_id from returns r
 where not exists (select 1 from order_guards g where g.order_id = r.order_id);

update order_guards g set
    payment_provider = (select r.payment_provider from returns r where r.order_id = g.order_id
                         order by r.created_at, r.id fetch first 1 row only),
    charge_id = (select r.charge_id from returns r where r.order_id = g.order_id
                  order by r.created_at, r.id fetch first 1 row only),
    currency = (select r.currency from returns r where r.order_id = g.order_id
                 order by r.created_at, r.id fetch first 1 row only),
    amount_paid = (select r.amount_paid from returns r where r.order_id = g.order_id
                    order by r.created_at, r.id fetch first 1 row only)
 where g.amount_paid is null;
