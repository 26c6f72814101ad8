"""Requests released at the same instant, for tests that need real parallel load."""

import threading
import urllib.error


def statuses_at_once(opener, requests):
    """Send every urllib request from its own thread, all released together by a barrier;
    returns the HTTP status codes (errors included) in the order they completed."""
    start = threading.Barrier(len(requests))
    statuses = []

    def send(request):
        start.wait()
        try:
            with opener(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=send, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses
