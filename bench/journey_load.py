#!/usr/bin/env python3
"""Load driver for a locally running ReturnFlow (the README's first command).

Creates drop-off returns and pickup returns over the HTTP API, checks the drop-offs in at the
store, and waits until every return is COMPLETED. Prints latency percentiles of each call and the
time each journey took end to end. Only talks to localhost; bounded in count and time.

    python3 bench/journey_load.py --returns 200 --concurrency 8        # closed loop: 8 clients
    python3 bench/journey_load.py --rate 30 --duration 60              # open loop: 30 creates/s for 60 s

The open loop sends each create at its planned moment whatever the answers before it (as buyers do), so
an overloaded server cannot slow the load down: it reports creates answered 201 and 503 (shed) with the
latency of each, and how many journeys reached COMPLETED over time.
"""
import argparse
import base64
import concurrent.futures
import datetime as dt
import json
import statistics
import sys
import time
import urllib.error
import urllib.request
import uuid

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def call(base, user, method, path, body=None, key=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{user}".encode()).decode())
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if key is not None:
        req.add_header("Idempotency-Key", key)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            payload = json.loads(resp.read() or b"null")
            status = resp.status
    except urllib.error.HTTPError as e:
        payload, status = json.loads(e.read() or b"null"), e.code
        if status == 503:
            payload = {"retryAfter": int(e.headers.get("Retry-After") or 1), **(payload or {})}
    return status, payload, (time.perf_counter() - started) * 1000


REFUSED = []  # closed loop: latency of each 503 answered, before the client waited Retry-After and repeated


def call_until_taken(base, user, method, path, body):
    """Repeats a refused request (503) after its Retry-After, with the same Idempotency-Key, as a client should."""
    key = str(uuid.uuid4())
    while True:
        status, payload, ms = call(base, user, method, path, body, key)
        if status != 503:
            return status, payload, ms
        REFUSED.append(ms)
        time.sleep(payload["retryAfter"])


def return_body(method):
    order = "BENCH-" + uuid.uuid4().hex[:10]
    delivered = dt.datetime.now(SHANGHAI) - dt.timedelta(days=2)
    body = {
        "orderId": order, "deliveredAt": delivered.isoformat(),
        "customer": {"id": "C-B", "name": "Bench", "phone": "13800000000"},
        "payment": {"provider": "sandbox", "chargeId": "ch_" + order, "currency": "CNY", "amountPaid": "99.00"},
        "items": [{"lineId": "L1", "sku": "SKU-B", "name": "Bench item", "category": "apparel",
                   "quantity": 1, "unitPrice": "99.00"}],
        "reason": "DEFECTIVE", "method": method,
    }
    if method == "HOME_PICKUP":
        start = (dt.datetime.now(SHANGHAI) + dt.timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
        body["pickup"] = {"address": {"province": "广东省", "city": "深圳市", "district": "南山区", "line": "bench 1",
                                      "postCode": "518000"},
                          "window": {"start": start.isoformat(), "end": (start + dt.timedelta(hours=2)).isoformat()}}
    else:
        body["dropOff"] = {"storeId": "S-SZ-001"}
    return body


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(name, values):
    if not values:
        return
    print(f"{name:28s} n={len(values):4d}  p50={pct(values, 50):7.1f} ms  p95={pct(values, 95):7.1f} ms  "
          f"p99={pct(values, 99):7.1f} ms  max={max(values):7.1f} ms")


def check_in(base, created):
    status, _, checkin_ms = call_until_taken(base, "clerk", "POST", "/api/stores/S-SZ-001/check-ins",
                                             {"code": created["dropOff"]["code"]})
    if status != 200:
        raise RuntimeError(f"check-in answered {status}")
    return checkin_ms


def engine_backlog(base):
    """The engine's due jobs as the node last counted them (its metric, read as ops); None without one."""
    req = urllib.request.Request(base + "/actuator/prometheus")
    req.add_header("Authorization", "Basic " + base64.b64encode(b"ops:ops").decode())
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            for line in resp.read().decode().splitlines():
                if line.startswith("returnflow_jobs_backlog{"):
                    return int(float(line.rsplit(" ", 1)[1]))
    except (urllib.error.URLError, OSError, ValueError):
        pass
    return None


def completed_total(base):
    """Returns COMPLETED in the whole database (one count query, whatever the load)."""
    _, page, _ = call(base, "merchant", "GET", "/api/returns?status=COMPLETED&size=1")
    return page["totalElements"]


def journey(base, method):
    status, created, create_ms = call_until_taken(base, "merchant", "POST", "/api/returns", return_body(method))
    if status != 201:
        raise RuntimeError(f"create answered {status}: {created}")
    started = time.perf_counter()
    checkin_ms = None
    if method == "STORE_DROPOFF":
        checkin_ms = check_in(base, created)
    return created["id"], started, create_ms, checkin_ms


def open_loop(args):
    """Creates at a fixed rate for a fixed time, never waiting for an answer before the next create."""
    import threading
    total = int(args.rate * args.duration)
    baseline = completed_total(args.base)
    lock = threading.Lock()
    answers = {"201": [], "503": [], "other": [], "checkin": []}
    admitted = []
    late = []

    def one(i, planned):
        method = "HOME_PICKUP" if i % 2 == 0 else "STORE_DROPOFF"
        late.append(time.perf_counter() - planned)
        try:
            status, created, ms = call(args.base, "merchant", "POST", "/api/returns", return_body(method))
        except Exception as e:  # a refused or timed-out connection is an answer too
            status, created, ms = f"error {type(e).__name__}", None, None
        with lock:
            if status == 201:
                answers["201"].append(ms)
                admitted.append(created["id"])
            elif status == 503:
                answers["503"].append(ms)
            else:
                answers["other"].append(status)
        if status == 201 and method == "STORE_DROPOFF":
            try:
                k = check_in(args.base, created)
                with lock:
                    answers["checkin"].append(k)
            except Exception as e:
                with lock:
                    answers["other"].append(f"check-in {e}")

    print(f"open loop: {args.rate} creates/s for {args.duration} s ({total} creates); "
          f"t, sent, 201, 503, other, journeys COMPLETED since start, engine's due jobs")
    t0 = time.perf_counter()
    timeline = []
    sent = [0]
    load_over = threading.Event()

    def progress():  # its own thread: a slow count never delays a create
        while True:
            try:
                done = completed_total(args.base) - baseline
            except Exception:
                done = timeline[-1][1] if timeline else 0
            backlog = engine_backlog(args.base)
            now = time.perf_counter() - t0
            timeline.append((now, done))
            with lock:
                print(f"  {now:6.1f} s  sent {sent[0]:5d}  201 {len(answers['201']):5d}  503 {len(answers['503']):5d}"
                      f"  other {len(answers['other']):4d}  completed {done:5d}"
                      f"  due jobs {'?' if backlog is None else backlog}", flush=True)
                finished = load_over.is_set() and done >= len(admitted)
            if finished or now > args.duration + args.deadline:
                return
            time.sleep(args.report_every)

    reporter = threading.Thread(target=progress, daemon=True)
    reporter.start()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        for i in range(total):
            planned = t0 + i / args.rate
            pause = planned - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(one, i, planned)
            sent[0] = i + 1
        load_end = time.perf_counter()
        done_at_load_end = timeline[-1][1] if timeline else 0
    answered_s = time.perf_counter() - t0
    load_over.set()
    reporter.join()
    done = timeline[-1][1]
    drained_s = timeline[-1][0]

    load_s = load_end - t0
    print(f"\n{total} creates planned at {args.rate}/s over {args.duration} s, sent over {load_s:.1f} s "
          f"(sender late p99 {pct(late, 99) * 1000:.0f} ms), all answered after {answered_s:.1f} s")
    print(f"answered 201: {len(answers['201'])}   503 (shed): {len(answers['503'])}   "
          f"other: {len(answers['other'])} {sorted(set(map(str, answers['other'])))[:5]}")
    report("POST /api/returns 201", answers["201"])
    report("POST /api/returns 503", answers["503"])
    report("POST .../check-ins", answers["checkin"])
    print(f"journeys COMPLETED during the load: {done_at_load_end} ({done_at_load_end / load_s:.1f}/s); "
          f"{done} of {len(admitted)} admitted after {drained_s:.1f} s")
    # the best rate over any window of 20 s after the first completion: what the node carried at its peak
    best = 0.0
    for t1, d1 in timeline:
        for t2, d2 in timeline:
            if t2 - t1 >= 20:
                best = max(best, (d2 - d1) / (t2 - t1))
                break
    print(f"journeys COMPLETED per second, best 20 s window: {best:.1f}/s")
    if done < len(admitted):
        sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://localhost:8080")
    parser.add_argument("--returns", type=int, default=100, help="how many returns (half pickup, half drop-off)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--deadline", type=int, default=600, help="seconds before giving up")
    parser.add_argument("--rate", type=float, help="open loop: creates per second (with --duration)")
    parser.add_argument("--duration", type=float, default=60, help="open loop: seconds of load")
    parser.add_argument("--report-every", type=float, default=5, help="open loop: seconds between progress lines")
    args = parser.parse_args()
    if not args.base.startswith(("http://localhost", "http://127.")):
        sys.exit("only a local ReturnFlow is a target")
    if args.rate:
        if args.concurrency < 64:
            args.concurrency = 256  # enough senders that a slow answer never delays the next create
        open_loop(args)
        return

    methods = ["HOME_PICKUP" if i % 2 == 0 else "STORE_DROPOFF" for i in range(args.returns)]
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        results = list(pool.map(lambda m: journey(args.base, m), methods))
    submit_s = time.perf_counter() - t0

    pending = {rid: started for rid, started, _, _ in results}
    last_done = t0
    done_after = []
    deadline = time.perf_counter() + args.deadline
    while pending and time.perf_counter() < deadline:
        for rid in list(pending):
            _, r, _ = call(args.base, "merchant", "GET", f"/api/returns/{rid}")
            if r["status"] == "COMPLETED" and r["refund"]["status"] == "SUCCEEDED":
                done_after.append(time.perf_counter() - pending.pop(rid))
                last_done = time.perf_counter()
        time.sleep(0.5)

    print(f"{args.returns} returns submitted in {submit_s:.1f} s with {args.concurrency} clients "
          f"({args.returns / submit_s:.1f} creates/s)")
    report("POST /api/returns", [c for _, _, c, _ in results])
    report("POST .../check-ins", [k for _, _, _, k in results if k is not None])
    report("503 (repeated after Retry-After)", REFUSED)
    if done_after:
        print(f"journeys COMPLETED: {len(done_after)}/{args.returns}; time to COMPLETED "
              f"median {statistics.median(done_after):.1f} s, max {max(done_after):.1f} s "
              f"(sandbox courier delays included); {len(done_after) / (last_done - t0):.1f} whole journeys/s "
              f"(first create to last COMPLETED)")
    if pending:
        print(f"NOT completed before the deadline: {len(pending)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
