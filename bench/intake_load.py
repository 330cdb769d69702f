"""Closed-loop load for `bench/intake.sh`: `concurrency` workers (spread over processes, so
the generator is not held back by one interpreter) POST the same JSON body to one URL for
`seconds`, each request with a fresh `Idempotency-Key` when asked, over kept-alive
connections. Prints "requests_per_second p50_ms p99_ms errors".

    intake_load.py URL AUTH_HEADER BODY_FILE SECONDS CONCURRENCY [idempotent]
"""
import http.client
import multiprocessing
import sys
import time
import urllib.parse
import uuid


def worker(url, auth, body, deadline, threads, idempotent, out):
    import threading

    target = urllib.parse.urlsplit(url)
    latencies, errors = [], [0]
    lock = threading.Lock()

    def loop():
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            headers = {"content-type": "application/json", auth[0]: auth[1]}
            if idempotent:
                headers["Idempotency-Key"] = str(uuid.uuid4())
            started = time.monotonic()
            conn.request("POST", target.path, body, headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.monotonic() - started)
            if response.status != 201:
                failed += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    pool = [threading.Thread(target=loop) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put((latencies, errors[0]))


if __name__ == "__main__":
    url, header, body_file, seconds, concurrency = sys.argv[1:6]
    idempotent = len(sys.argv) > 6 and sys.argv[6] == "idempotent"
    name, _, value = header.partition(":")
    auth = (name.strip(), value.strip())
    body = open(body_file, "rb").read()
    concurrency = int(concurrency)
    processes = 2
    deadline = time.monotonic() + float(seconds)
    started = time.monotonic()
    queue = multiprocessing.Queue()
    per = [concurrency // processes + (1 if i < concurrency % processes else 0) for i in range(processes)]
    procs = [multiprocessing.Process(target=worker, args=(url, auth, body, deadline, n, idempotent, queue)) for n in per if n]
    for p in procs:
        p.start()
    latencies, errors = [], 0
    for _ in procs:
        got, failed = queue.get()
        latencies.extend(got)
        errors += failed
    for p in procs:
        p.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else 0.0
    print(f"{len(latencies) / elapsed:.0f} {pick(0.5):.2f} {pick(0.99):.2f} {errors}")
