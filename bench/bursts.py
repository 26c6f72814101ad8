"""Traffic for the load benchmark that wrk cannot make: a hostile burst of uncached
statistics requests, and an exact number of view beacons from fresh readers."""

import random
import threading
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from bench.wrk import BROWSER


def _status(request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # no answer at all


def hostile_stats(base: str, stop: threading.Event, clients: int) -> Counter:
    """`clients` loops asking for BOLL statistics with random parameters (never cached),
    each from an address of its own and ignoring Retry-After, until `stop` is set.

    Returns how many answers had each status."""
    statuses = Counter()
    lock = threading.Lock()

    def attack(number: int) -> None:
        rng = random.Random(number)
        while not stop.is_set():
            n, k = rng.randint(2, 250), rng.randint(1, 100) / 10
            url = f"{base}/api/indicators/boll/stats/?symbol=ORCL&n={n}&k={k}"
            headers = {"X-Forwarded-For": f"198.18.0.{number + 1}"}
            status = _status(urllib.request.Request(url, headers=headers))
            with lock:
                statuses[status] += 1

    threads = [threading.Thread(target=attack, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop.wait()
    for thread in threads:
        thread.join()
    return statuses


def fresh_beacons(url: str, count: int, parallel: int = 16) -> Counter:
    """`count` beacons to `url`, each a new reader from an address of its own."""

    def beacon(i: int) -> int:
        headers = {
            "User-Agent": BROWSER,
            "Sec-Fetch-Site": "same-origin",
            "X-Forwarded-For": f"172.16.{i // 250}.{i % 250 + 1}",
        }
        return _status(urllib.request.Request(url, method="POST", headers=headers))

    with ThreadPoolExecutor(parallel) as pool:
        return Counter(pool.map(beacon, range(count)))
