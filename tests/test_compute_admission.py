"""Uncached computations never hold the workers pages need: beyond the admitted few they
are refused at once, and the admitted ones run at a lower kernel priority than pages."""

import os
import sys
import threading
import time

import pytest
from django.urls import reverse

from core import compute_budget, low_priority
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot_dir(settings, tmp_path):
    """Slots and tickets of this test's own, so no other process can hold one."""
    settings.API_COMPUTE_SLOT_DIR = str(tmp_path)


def stats(client, **params):
    url = reverse("indicators:api-stats", args=["boll"])
    return client.get(url, {"symbol": "600519", **params})


def test_a_computation_beyond_the_admitted_is_refused_without_waiting(client, settings, slot_dir):
    """With every ticket held, a fresh computation gets 503 + Retry-After at once, even with
    a long slot wait configured; a cached answer is still served, and a freed ticket admits."""
    load_series()
    settings.API_COMPUTE_SLOTS = settings.API_COMPUTE_ADMITTED = 1
    settings.API_COMPUTE_WAIT_SECONDS = 30.0
    assert stats(client, n=20).status_code == 200
    with compute_budget.admitted():
        started = time.monotonic()
        busy = stats(client, n=23)
        assert time.monotonic() - started < 10  # not the 30 s slot wait
        assert (busy.status_code, busy["Retry-After"]) == (503, "1")
        assert busy.json()["error"]["message"] == "服务器正忙，请稍后再试。"
        assert stats(client, n=20).status_code == 200
    assert stats(client, n=23).status_code == 200


def test_admitted_computations_may_queue_for_a_slot_when_configured(settings, slot_dir):
    """An operator may admit more than there are slots: the extra ones wait for a slot."""
    settings.API_COMPUTE_SLOTS, settings.API_COMPUTE_ADMITTED = 1, 2
    settings.API_COMPUTE_WAIT_SECONDS = 5.0
    holding = threading.Event()

    def hold_briefly():
        with compute_budget.admitted(), compute_budget.slot():
            holding.set()
            time.sleep(0.2)

    holder = threading.Thread(target=hold_briefly)
    holder.start()
    holding.wait()
    assert compute_budget.compute("reader", lambda: 2, lambda x: x * 21) == 42
    holder.join()


def test_a_ticket_is_given_back_when_the_computation_fails(settings, slot_dir):
    """A computation that raises frees its ticket and its slot, and is still charged."""
    settings.API_COMPUTE_SLOTS = settings.API_COMPUTE_ADMITTED = 1

    def fail(_):
        sum(range(100_000))
        raise ValueError("the formula failed")

    with pytest.raises(ValueError, match="formula failed") as raised:
        compute_budget.compute("someone", lambda: None, fail)
    assert raised.value.cpu_seconds > 0
    assert compute_budget.compute("someone", lambda: 1, lambda x: x + 1) == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_computations_run_in_a_thread_of_lower_priority(settings):
    """The work runs outside the request's thread, at nice API_COMPUTE_NICE, while the
    request's own thread keeps its priority."""
    if os.getpriority(os.PRIO_PROCESS, 0) > 10:
        pytest.skip("this test process already runs below nice 10")
    settings.API_COMPUTE_NICE = 10
    caller = threading.get_native_id()

    def where():
        me = threading.get_native_id()
        return me, os.getpriority(os.PRIO_PROCESS, me)

    (thread, nice), cpu = low_priority.run(where)
    assert thread != caller and nice == 10 and cpu >= 0
    assert os.getpriority(os.PRIO_PROCESS, caller) < 10


def test_nice_zero_computes_in_the_callers_thread(settings):
    """API_COMPUTE_NICE=0 turns the separate thread off."""
    settings.API_COMPUTE_NICE = 0
    (thread, _), _ = low_priority.run(lambda: (threading.get_native_id(), None))
    assert thread == threading.get_native_id()
