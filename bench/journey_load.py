#!/usr/bin/env python3
"""Load driver for a locally running ReturnFlow (the README's first command).

Creates drop-off returns and pickup returns over the HTTP API, checks the drop-offs in at the
store, and waits until every return is COMPLETED. Prints latency percentiles of each call and the
time each journey took end to end. Only talks to localhost; bounded in count and time.

    python3 bench/journey_load.py --returns 200 --concurrency 8
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


def call(base, user, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{user}".encode()).decode())
    if data is not None:
        req.add_header("Content-Type", "application/json")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            payload = json.loads(resp.read() or b"null")
            status = resp.status
    except urllib.error.HTTPError as e:
        payload, status = json.loads(e.read() or b"null"), e.code
    return status, payload, (time.perf_counter() - started) * 1000


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


def journey(base, method):
    status, created, create_ms = call(base, "merchant", "POST", "/api/returns", return_body(method))
    if status != 201:
        raise RuntimeError(f"create answered {status}: {created}")
    started = time.perf_counter()
    checkin_ms = None
    if method == "STORE_DROPOFF":
        status, _, checkin_ms = call(base, "clerk", "POST", "/api/stores/S-SZ-001/check-ins",
                                     {"code": created["dropOff"]["code"]})
        if status != 200:
            raise RuntimeError(f"check-in answered {status}")
    return created["id"], started, create_ms, checkin_ms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://localhost:8080")
    parser.add_argument("--returns", type=int, default=100, help="how many returns (half pickup, half drop-off)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--deadline", type=int, default=600, help="seconds before giving up")
    args = parser.parse_args()
    if not args.base.startswith(("http://localhost", "http://127.")):
        sys.exit("only a local ReturnFlow is a target")

    methods = ["HOME_PICKUP" if i % 2 == 0 else "STORE_DROPOFF" for i in range(args.returns)]
    t0 = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        results = list(pool.map(lambda m: journey(args.base, m), methods))
    submit_s = time.perf_counter() - t0

    pending = {rid: started for rid, started, _, _ in results}
    done_after = []
    deadline = time.perf_counter() + args.deadline
    while pending and time.perf_counter() < deadline:
        for rid in list(pending):
            _, r, _ = call(args.base, "merchant", "GET", f"/api/returns/{rid}")
            if r["status"] == "COMPLETED" and r["refund"]["status"] == "SUCCEEDED":
                done_after.append(time.perf_counter() - pending.pop(rid))
        time.sleep(0.5)

    print(f"{args.returns} returns submitted in {submit_s:.1f} s with {args.concurrency} clients "
          f"({args.returns / submit_s:.1f} creates/s)")
    report("POST /api/returns", [c for _, _, c, _ in results])
    report("POST .../check-ins", [k for _, _, _, k in results if k is not None])
    if done_after:
        print(f"journeys COMPLETED: {len(done_after)}/{args.returns}; time to COMPLETED "
              f"median {statistics.median(done_after):.1f} s, max {max(done_after):.1f} s "
              f"(sandbox courier delays included)")
    if pending:
        print(f"NOT completed before the deadline: {len(pending)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
