"""Sends `total` wrong-password logins, `concurrency` at a time, to a Loket on `port`,
each from its own loopback address and for its own unknown account (so the throttle lets
every one through to password checking: the worst case for memory), and samples the
server's resident memory while they run. Prints idle RSS, peak RSS (VmHWM) and the
answers by status."""
import collections
import http.client
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

port, pid, total, concurrency = (int(a) for a in sys.argv[1:5])


def rss_kib(field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def login(i):
    source = f"127.0.{1 + i // 250}.{1 + i % 250}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    body = json.dumps({"email": f"flood-{i}@bench.example", "password": f"wrong-{i}"})
    conn.request("POST", "/api/v1/auth/login", body, {"content-type": "application/json"})
    status = conn.getresponse().status
    conn.close()
    return status


idle = rss_kib("VmRSS")
peak_sampled = idle
done = threading.Event()


def sample():
    global peak_sampled
    while not done.is_set():
        peak_sampled = max(peak_sampled, rss_kib("VmRSS"))
        time.sleep(0.005)


sampler = threading.Thread(target=sample)
sampler.start()
started = time.monotonic()
with ThreadPoolExecutor(max_workers=concurrency) as pool:
    statuses = list(pool.map(login, range(total)))
elapsed = time.monotonic() - started
time.sleep(0.5)
done.set()
sampler.join()
after = rss_kib("VmRSS")
hwm = rss_kib("VmHWM")
counts = dict(sorted(collections.Counter(statuses).items()))
print(f"{idle / 1024:.1f}\t{max(hwm, peak_sampled) / 1024:.1f}\t{after / 1024:.1f}\t{elapsed:.1f}\t{counts}")
