package io.returnflow.returns;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import io.returnflow.platform.Text;

/** The return's own tables: {@code returns}, {@code return_items}, {@code open_order_lines}. */
@Repository
public class ReturnRepository {

    private static final String REASON_SEPARATOR = "\n";
    /** Matches {@code returns.rejection_reasons}. */
    private static final int REASONS_LENGTH = 1000;

    /** The columns of {@code return_items} that say how a line is settled. */
    private static final String RESOLUTION_COLUMNS = """
            i.resolution, i.exchange_sku, i.exchange_name, i.exchange_unit_price, i.credit_bonus_percent,
            i.exchange_difference_to, i.exchange_fallback, i.resolution_rule, i.fallback_pending""";

    private final JdbcClient jdbc;

    public ReturnRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(CustomerReturn r) {
        insert(r, Map.of());
    }

    /**
     * Writes the return and its items, each item with how it is settled (a line missing from {@code resolutions}
     * is refunded, with no rule recorded).
     */
    public void insert(CustomerReturn r, Map<String, LineResolution> resolutions) {
        jdbc.sql("""
                insert into returns (id, order_id, status, action_required, method, reason, customer_id,
                  customer_name, customer_phone, customer_email, customer_tier, customer_language, ordered_at, delivered_at,
                  payment_provider, charge_id, currency, amount_paid, pickup_province, pickup_city, pickup_district,
                  pickup_line, pickup_post_code, pickup_window_start, pickup_window_end, drop_off_store_id,
                  freight_amount, freight_payer, freight_rule, refund_due, items_total, freight_deducted,
                  restocking_fee, refund_amount, rejection_reasons, process_instance_id, created_at, updated_at)
                values (:id, :orderId, :status, :actionRequired, :method, :reason, :customerId, :customerName,
                  :customerPhone, :customerEmail, :customerTier, :customerLanguage, :orderedAt, :deliveredAt, :paymentProvider,
                  :chargeId, :currency, :amountPaid, :province, :city, :district, :line, :postCode, :windowStart,
                  :windowEnd, :storeId, :freightAmount, :freightPayer, :freightRule, :refundDue, :itemsTotal,
                  :freightDeducted, :restockingFee, :refundAmount, :rejectionReasons, :processInstanceId,
                  :createdAt, :updatedAt)
                """)
                .param("id", r.id()).param("orderId", r.orderId()).param("status", r.status().name())
                .param("actionRequired", r.actionRequired()).param("method", r.method().name())
                .param("reason", r.reason().name())
                .param("customerId", r.customer().id()).param("customerName", r.customer().name())
                .param("customerPhone", r.customer().phone()).param("customerEmail", r.customer().email())
                .param("customerTier", r.customer().tier())
                .param("customerLanguage", r.customer().language())
                .param("orderedAt", r.orderedAt()).param("deliveredAt", r.deliveredAt())
                .param("paymentProvider", r.payment().provider()).param("chargeId", r.payment().chargeId())
                .param("currency", r.payment().currency()).param("amountPaid", r.payment().amountPaid())
                .param("province", r.pickupAddress() == null ? null : r.pickupAddress().province())
                .param("city", r.pickupAddress() == null ? null : r.pickupAddress().city())
                .param("district", r.pickupAddress() == null ? null : r.pickupAddress().district())
                .param("line", r.pickupAddress() == null ? null : r.pickupAddress().line())
                .param("postCode", r.pickupAddress() == null ? null : r.pickupAddress().postCode())
                .param("windowStart", r.pickupWindowStart()).param("windowEnd", r.pickupWindowEnd())
                .param("storeId", r.dropOffStoreId())
                .param("freightAmount", r.freight().amount()).param("freightPayer", r.freight().payer().name())
                .param("freightRule", r.freight().rule())
                .param("refundDue", r.refundPlan().due()).param("itemsTotal", r.refundPlan().itemsTotal())
                .param("freightDeducted", r.refundPlan().freightDeducted())
                .param("restockingFee", r.refundPlan().restockingFee())
                .param("refundAmount", r.refundPlan().amount())
                .param("rejectionReasons", joinReasons(r.rejectionReasons()))
                .param("processInstanceId", r.processInstanceId())
                .param("createdAt", r.createdAt()).param("updatedAt", r.updatedAt())
                .update();
        for (ReturnItem item : r.items()) {
            LineResolution line = resolutions.getOrDefault(item.lineId(), LineResolution.refund(item.lineId()));
            LineResolution.Replacement to = line.exchangeFor();
            jdbc.sql("""
                    insert into return_items (return_id, line_id, sku, name, category, quantity, unit_price,
                      resolution, exchange_sku, exchange_name, exchange_unit_price, credit_bonus_percent,
                      exchange_difference_to, exchange_fallback, resolution_rule, fallback_pending)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                    .params(r.id(), item.lineId(), item.sku(), item.name(), item.category(), item.quantity(),
                            item.unitPrice(), line.resolution().name(), to == null ? null : to.sku(),
                            to == null ? null : to.name(), to == null ? null : to.unitPrice(), line.bonusPercent(),
                            line.differenceTo().name(), line.fallback().name(), line.rule(), line.fallbackPending())
                    .update();
        }
    }

    /** The whole return with its items, in one statement (a row per item). */
    public Optional<CustomerReturn> find(String id) {
        return findSettled(id).map(Settled::ret);
    }

    /**
     * The whole return with its items, how each line is settled and the store credit it plans, in one statement
     * (a row per item): what the return's resource shows of the return's own tables.
     */
    public Optional<Settled> findSettled(String id) {
        return jdbc.sql("""
                        select r.*, i.line_id, i.sku, i.name as item_name, i.category, i.quantity, i.unit_price,
                               """ + RESOLUTION_COLUMNS + """
                          from returns r left join return_items i on i.return_id = r.id
                         where r.id = ? order by i.line_id""")
                .param(id)
                .query(rs -> {
                    CustomerReturn found = null;
                    PlannedCredit credit = null;
                    List<ReturnItem> items = new ArrayList<>();
                    Map<String, LineResolution> lines = new LinkedHashMap<>();
                    while (rs.next()) {
                        if (found == null) {
                            found = mapReturn(rs, 0);
                            credit = plannedCredit(rs);
                        }
                        if (rs.getString("line_id") != null) {
                            items.add(new ReturnItem(rs.getString("line_id"), rs.getString("sku"),
                                    rs.getString("item_name"), rs.getString("category"), rs.getInt("quantity"),
                                    rs.getBigDecimal("unit_price")));
                            LineResolution line = lineResolution(rs);
                            lines.put(line.lineId(), line);
                        }
                    }
                    return found == null ? Optional.<Settled>empty()
                            : Optional.of(new Settled(found.withItems(items), credit, lines));
                });
    }

    public CustomerReturn get(String id) {
        return find(id).orElseThrow(() -> missing(id));
    }

    /**
     * The return as stored now, with the items its caller read earlier in this transaction: a return's items
     * never change once written, so they are not read again.
     */
    public CustomerReturn get(String id, List<ReturnItem> items) {
        return jdbc.sql("select * from returns where id = ?").param(id)
                .query(ReturnRepository::mapReturn).optional()
                .orElseThrow(() -> missing(id))
                .withItems(items);
    }

    /** Where the return stands, for the steps that decide on nothing else. */
    /**
     * Locks the return's row until this transaction ends and answers the return as locked (with the items its caller
     * read earlier: they never change): a change of the return's settlement waits for a transaction that moves the
     * return (a hand-over, a refund's timing), and that one waits for the change. Whatever the change decides on it
     * reads from this answer, not from a read before the lock.
     */
    public CustomerReturn lockForChange(String id, List<ReturnItem> items) {
        return jdbc.sql("select * from returns where id = ? for update").param(id)
                .query(ReturnRepository::mapReturn).optional()
                .orElseThrow(() -> missing(id))
                .withItems(items);
    }

    public ReturnStatus status(String id) {
        return ReturnStatus.valueOf(column(id, "status"));
    }

    /** The store the parcel is (to be) dropped off at; null for a home pickup. */
    public String dropOffStoreId(String id) {
        return column(id, "drop_off_store_id");
    }

    /** Why the return was refused (by the policy, or at inspection); empty when it was not. */
    public List<String> rejectionReasons(String id) {
        return splitReasons(column(id, "rejection_reasons"));
    }

    /** What the return's refund plan says to pay back, and to which charge. */
    public CustomerReturn.RefundTerms refundTerms(String id) {
        return jdbc.sql("select charge_id, currency, refund_amount from returns where id = ?").param(id)
                .query((rs, n) -> new CustomerReturn.RefundTerms(rs.getString("charge_id"), rs.getString("currency"),
                        rs.getBigDecimal("refund_amount")))
                .optional().orElseThrow(() -> missing(id));
    }

    /** The buyer of the return (whom messages go to), without the rest of it; empty when there is no such return. */
    public Optional<CustomerReturn.Customer> customer(String id) {
        return jdbc.sql("""
                        select customer_id, customer_name, customer_phone, customer_email, customer_tier,
                               customer_language from returns where id = ?""")
                .param(id)
                .query((rs, n) -> new CustomerReturn.Customer(rs.getString("customer_id"),
                        rs.getString("customer_name"), rs.getString("customer_phone"), rs.getString("customer_email"),
                        rs.getString("customer_tier"), rs.getString("customer_language")))
                .optional();
    }

    /** One column of the return, which may be null; the return itself must exist. */
    private String column(String id, String column) {
        List<String> value = jdbc.sql("select " + column + " from returns where id = ?").param(id)
                .query((rs, n) -> rs.getString(1)).list();
        if (value.isEmpty()) {
            throw missing(id);
        }
        return value.get(0);
    }

    private static IllegalStateException missing(String id) {
        return new IllegalStateException("Return " + id + " does not exist");
    }

    /** A page of returns, newest first, optionally for one order and/or in one status. */
    public List<CustomerReturn> page(String orderId, ReturnStatus status, int page, int size) {
        Filter filter = Filter.of(orderId, status);
        Map<String, Object> params = new LinkedHashMap<>(filter.params());
        params.put("limit", size);
        params.put("offset", (long) page * size);
        return jdbc.sql("select * from returns" + filter.where() + " order by created_at desc, id desc"
                        + " limit :limit offset :offset")
                .params(params).query(ReturnRepository::mapReturn).list()
                .stream().map(r -> r.withItems(items(r.id()))).toList();
    }

    public long count(String orderId, ReturnStatus status) {
        Filter filter = Filter.of(orderId, status);
        return jdbc.sql("select count(*) from returns" + filter.where()).params(filter.params())
                .query(Long.class).single();
    }

    /** The optional criteria of the returns list, as SQL and named parameters. */
    private record Filter(String where, Map<String, Object> params) {
        static Filter of(String orderId, ReturnStatus status) {
            StringBuilder where = new StringBuilder(" where 1 = 1");
            Map<String, Object> params = new LinkedHashMap<>();
            if (orderId != null) {
                where.append(" and order_id = :orderId");
                params.put("orderId", orderId);
            }
            if (status != null) {
                where.append(" and status = :status");
                params.put("status", status.name());
            }
            return new Filter(where.toString(), params);
        }
    }

    public List<ReturnItem> items(String returnId) {
        return jdbc.sql("select * from return_items where return_id = ? order by line_id").param(returnId)
                .query((rs, n) -> new ReturnItem(rs.getString("line_id"), rs.getString("sku"), rs.getString("name"),
                        rs.getString("category"), rs.getInt("quantity"), rs.getBigDecimal("unit_price")))
                .list();
    }

    public void updateStatus(String id, ReturnStatus status, OffsetDateTime at) {
        jdbc.sql("update returns set status = ?, updated_at = ? where id = ?").params(status.name(), at, id).update();
    }

    /** Moves the return on and says whether a person must act on it, in one update. */
    public void updateStatus(String id, ReturnStatus status, boolean actionRequired, OffsetDateTime at) {
        jdbc.sql("update returns set status = ?, action_required = ?, updated_at = ? where id = ?")
                .params(status.name(), actionRequired, at, id).update();
    }

    /** Ends the return {@code REJECTED} with the reasons why, in one update. */
    public void reject(String id, List<String> reasons, OffsetDateTime at) {
        jdbc.sql("update returns set status = ?, rejection_reasons = ?, updated_at = ? where id = ?")
                .params(ReturnStatus.REJECTED.name(), joinReasons(reasons), at, id).update();
    }

    public void setRejectionReasons(String id, List<String> reasons, OffsetDateTime at) {
        jdbc.sql("update returns set rejection_reasons = ?, updated_at = ? where id = ?")
                .params(joinReasons(reasons), at, id).update();
    }

    public void setActionRequired(String id, boolean actionRequired, OffsetDateTime at) {
        jdbc.sql("update returns set action_required = ?, updated_at = ? where id = ?")
                .params(actionRequired, at, id).update();
    }

    /** The return's pickup window follows its current booking. */
    public void updatePickupWindow(String id, OffsetDateTime start, OffsetDateTime end, OffsetDateTime at) {
        jdbc.sql("update returns set pickup_window_start = ?, pickup_window_end = ?, updated_at = ? where id = ?")
                .params(start, end, at, id).update();
    }

    /** A home pickup becomes a store drop-off at that store. */
    public void switchToDropOff(String id, String storeId, OffsetDateTime at) {
        jdbc.sql("update returns set method = ?, drop_off_store_id = ?, updated_at = ? where id = ?")
                .params(ReturnMethod.STORE_DROPOFF.name(), storeId, at, id).update();
    }

    /** When the refund is due, as the journey decided it. */
    public void updateRefundDue(String id, RefundTiming due, OffsetDateTime at) {
        jdbc.sql("update returns set refund_due = ?, updated_at = ? where id = ?").params(due.name(), at, id).update();
    }

    /** Who bears the freight, and the refund that follows from it. */
    public void updateFreightPayer(String id, CustomerReturn.FreightPayer payer, CustomerReturn.RefundPlan plan,
                                   OffsetDateTime at) {
        jdbc.sql("""
                        update returns set freight_payer = ?, freight_deducted = ?, restocking_fee = ?, refund_amount = ?,
                          updated_at = ? where id = ?""")
                .params(payer.name(), plan.freightDeducted(), plan.restockingFee(), plan.amount(), at, id).update();
    }

    /** What inspection deducted from the items (damage, missing parts); empty when not inspected. */
    public Optional<java.math.BigDecimal> inspectionDeductions(String id) {
        List<java.math.BigDecimal> sum = jdbc.sql("select sum(deduction) from inspection_results where return_id = ?")
                .param(id).query(java.math.BigDecimal.class).list();
        return sum.isEmpty() || sum.get(0) == null ? Optional.empty() : Optional.of(sum.get(0));
    }

    public void setProcessInstanceId(String id, String processInstanceId) {
        jdbc.sql("update returns set process_instance_id = ? where id = ?").params(processInstanceId, id).update();
    }

    /** Claims the order lines for this return; the primary key refuses a concurrent second claim. */
    public void claimOrderLines(String orderId, List<String> lineIds, String returnId) {
        for (String lineId : lineIds) {
            jdbc.sql("insert into open_order_lines (order_id, line_id, return_id) values (?, ?, ?)")
                    .params(orderId, lineId, returnId).update();
        }
    }

    public void releaseOrderLines(String returnId) {
        jdbc.sql("delete from open_order_lines where return_id = ?").param(returnId).update();
    }

    /** Order lines already held by another return: line id to that return's id. */
    public Map<String, String> claimedLines(String orderId, List<String> lineIds) {
        Map<String, String> claimed = new LinkedHashMap<>();
        jdbc.sql("select line_id, return_id from open_order_lines where order_id = :orderId and line_id in (:lines)")
                .param("orderId", orderId).param("lines", lineIds)
                .query((rs, n) -> Map.entry(rs.getString("line_id"), rs.getString("return_id")))
                .list()
                .forEach(e -> claimed.put(e.getKey(), e.getValue()));
        return claimed;
    }

    /**
     * What other live or completed returns of the order will refund or have refunded, plus what they credit or have
     * credited (without the bonus): together never more than the order paid.
     */
    public java.math.BigDecimal plannedRefundsOfOrder(String orderId, String exceptReturnId) {
        return jdbc.sql("""
                        select coalesce(sum(refund_amount + credit_amount), 0) from returns
                        where order_id = ? and id <> ? and status not in ('REJECTED', 'CANCELLED', 'EXPIRED')""")
                .params(orderId, exceptReturnId).query(java.math.BigDecimal.class).single();
    }

    /** Records how one line is settled now. */
    public void updateResolution(String returnId, LineResolution line) {
        LineResolution.Replacement to = line.exchangeFor();
        int updated = jdbc.sql("""
                        update return_items set resolution = ?, exchange_sku = ?, exchange_name = ?,
                          exchange_unit_price = ?, credit_bonus_percent = ?, exchange_difference_to = ?,
                          exchange_fallback = ?, resolution_rule = ?, fallback_pending = ?
                         where return_id = ? and line_id = ?""")
                .params(line.resolution().name(), to == null ? null : to.sku(), to == null ? null : to.name(),
                        to == null ? null : to.unitPrice(), line.bonusPercent(), line.differenceTo().name(),
                        line.fallback().name(), line.rule(), line.fallbackPending(), returnId, line.lineId())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("Return " + returnId + " has no line " + line.lineId());
        }
    }

    /** What inspection accepted of each line, by line id; empty when the return was not inspected by hand. */
    public Map<String, RefundAfterInspection.AcceptedLine> acceptedLines(String returnId) {
        Map<String, RefundAfterInspection.AcceptedLine> lines = new LinkedHashMap<>();
        jdbc.sql("select line_id, accepted_quantity, deduction from inspection_results where return_id = ?")
                .param(returnId)
                .query((rs, n) -> Map.entry(rs.getString("line_id"), new RefundAfterInspection.AcceptedLine(
                        rs.getInt("accepted_quantity"), rs.getBigDecimal("deduction"))))
                .list()
                .forEach(e -> lines.put(e.getKey(), e.getValue()));
        return lines;
    }

    /** How each line of the return is settled, by line id, in line order. */
    public Map<String, LineResolution> resolutions(String returnId) {
        Map<String, LineResolution> lines = new LinkedHashMap<>();
        jdbc.sql("select i.line_id, " + RESOLUTION_COLUMNS
                        + " from return_items i where i.return_id = ? order by i.line_id")
                .param(returnId)
                .query((rs, n) -> lineResolution(rs))
                .list()
                .forEach(line -> lines.put(line.lineId(), line));
        return lines;
    }

    /** The store credit the return plans to give and the bonus on top; both 0.00 when it gives none. */
    public PlannedCredit plannedCredit(String id) {
        return jdbc.sql("select credit_amount, credit_bonus, instant_exchange_requested from returns where id = ?")
                .param(id)
                .query((rs, n) -> plannedCredit(rs))
                .optional().orElseThrow(() -> missing(id));
    }

    /**
     * How each line of the return is settled and the store credit it plans, in one statement: for a caller that
     * holds the return already.
     */
    public Settlement settlement(String id) {
        return jdbc.sql("""
                        select r.credit_amount, r.credit_bonus, r.instant_exchange_requested, i.line_id,
                               """ + RESOLUTION_COLUMNS + """
                          from returns r left join return_items i on i.return_id = r.id
                         where r.id = ? order by i.line_id""")
                .param(id)
                .query(rs -> {
                    PlannedCredit credit = null;
                    Map<String, LineResolution> lines = new LinkedHashMap<>();
                    while (rs.next()) {
                        if (credit == null) {
                            credit = plannedCredit(rs);
                        }
                        if (rs.getString("line_id") != null) {
                            LineResolution line = lineResolution(rs);
                            lines.put(line.lineId(), line);
                        }
                    }
                    if (credit == null) {
                        throw missing(id);
                    }
                    return new Settlement(credit, lines);
                });
    }

    private static LineResolution lineResolution(ResultSet rs) throws SQLException {
        return new LineResolution(rs.getString("line_id"),
                Resolution.valueOf(rs.getString("resolution")),
                rs.getString("exchange_sku") == null ? null : new LineResolution.Replacement(
                        rs.getString("exchange_sku"), rs.getString("exchange_name"),
                        rs.getBigDecimal("exchange_unit_price")),
                rs.getBigDecimal("credit_bonus_percent"),
                Resolution.valueOf(rs.getString("exchange_difference_to")),
                ResolutionPolicy.Fallback.valueOf(rs.getString("exchange_fallback")),
                rs.getString("resolution_rule"), rs.getBoolean("fallback_pending"));
    }

    private static PlannedCredit plannedCredit(ResultSet rs) throws SQLException {
        return new PlannedCredit(rs.getBigDecimal("credit_amount"), rs.getBigDecimal("credit_bonus"),
                rs.getBoolean("instant_exchange_requested"));
    }

    /** The money the return plans now: the refund (and its deductions), the store credit and its bonus. */
    public void updateSettlement(String id, CustomerReturn.RefundPlan refund, java.math.BigDecimal creditAmount,
                                 java.math.BigDecimal creditBonus, OffsetDateTime at) {
        jdbc.sql("""
                        update returns set items_total = ?, freight_deducted = ?, restocking_fee = ?, refund_amount = ?,
                          credit_amount = ?, credit_bonus = ?, updated_at = ? where id = ?""")
                .params(refund.itemsTotal(), refund.freightDeducted(), refund.restockingFee(), refund.amount(),
                        creditAmount, creditBonus, at, id)
                .update();
    }

    /** The buyer asked to get the replacement of an exchange before the returned item is received. */
    public void setInstantExchangeRequested(String id, boolean requested) {
        jdbc.sql("update returns set instant_exchange_requested = ? where id = ?").params(requested, id).update();
    }

    /**
     * A return as stored with how its lines are settled.
     *
     * @param ret    the return with its items
     * @param credit the store credit it plans
     * @param lines  how each line is settled, by line id, in line order
     */
    public record Settled(CustomerReturn ret, PlannedCredit credit, Map<String, LineResolution> lines) {
    }

    /**
     * @param credit the store credit the return plans
     * @param lines  how each line is settled, by line id, in line order
     */
    public record Settlement(PlannedCredit credit, Map<String, LineResolution> lines) {
    }

    /**
     * @param amount                   the planned store credit, counted against what the order paid
     * @param bonus                    the bonus on top, recorded apart
     * @param instantExchangeRequested the buyer asked for the replacement before the item is received
     */
    public record PlannedCredit(java.math.BigDecimal amount, java.math.BigDecimal bonus,
                                boolean instantExchangeRequested) {
    }

    private static CustomerReturn mapReturn(ResultSet rs, int row) throws SQLException {
        String province = rs.getString("pickup_province");
        CustomerReturn.PickupAddress address = rs.getString("pickup_line") == null ? null
                : new CustomerReturn.PickupAddress(province, rs.getString("pickup_city"),
                rs.getString("pickup_district"), rs.getString("pickup_line"), rs.getString("pickup_post_code"));
        String currency = rs.getString("currency");
        return new CustomerReturn(
                rs.getString("id"), rs.getString("order_id"), ReturnStatus.valueOf(rs.getString("status")),
                rs.getBoolean("action_required"), ReturnMethod.valueOf(rs.getString("method")),
                ReturnReason.valueOf(rs.getString("reason")),
                new CustomerReturn.Customer(rs.getString("customer_id"), rs.getString("customer_name"),
                        rs.getString("customer_phone"), rs.getString("customer_email"), rs.getString("customer_tier"),
                        rs.getString("customer_language")),
                rs.getObject("ordered_at", OffsetDateTime.class), rs.getObject("delivered_at", OffsetDateTime.class),
                new CustomerReturn.Payment(rs.getString("payment_provider"), rs.getString("charge_id"), currency,
                        rs.getBigDecimal("amount_paid")),
                address,
                rs.getObject("pickup_window_start", OffsetDateTime.class),
                rs.getObject("pickup_window_end", OffsetDateTime.class),
                rs.getString("drop_off_store_id"),
                new CustomerReturn.Freight(rs.getBigDecimal("freight_amount"), currency,
                        CustomerReturn.FreightPayer.valueOf(rs.getString("freight_payer")), rs.getString("freight_rule")),
                new CustomerReturn.RefundPlan(rs.getString("refund_due"), rs.getBigDecimal("items_total"),
                        rs.getBigDecimal("freight_deducted"), rs.getBigDecimal("restocking_fee"),
                        rs.getBigDecimal("refund_amount")),
                splitReasons(rs.getString("rejection_reasons")),
                rs.getString("process_instance_id"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                List.of());
    }

    private static String joinReasons(List<String> reasons) {
        return reasons == null || reasons.isEmpty() ? null : Text.fit(String.join(REASON_SEPARATOR, reasons),
                REASONS_LENGTH);
    }

    private static List<String> splitReasons(String reasons) {
        return reasons == null ? List.of() : Arrays.asList(reasons.split(REASON_SEPARATOR));
    }
}
