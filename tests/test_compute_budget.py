"""The indicator API budgets uncached computations by CPU cost per address, caps how many
run at once, and snaps float parameters to a grid so that fresh values are cheap."""

import shutil
import time

import pytest
from django.urls import reverse

from core import compute_budget, ratelimit
from core.visitors import ip_hash
from indicators.library.boll import SPEC as BOLL
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db


@pytest.fixture
def moutai():
    return load_series()


@pytest.fixture
def slot_dir(settings, tmp_path):
    """A folder of slots of this test's own, so no other process can hold one."""
    settings.API_COMPUTE_SLOT_DIR = str(tmp_path)


def stats(client, headers=None, **params):
    url = reverse("indicators:api-stats", args=["boll"])
    return client.get(url, {"symbol": "600519", **params}, headers=headers)


def test_float_parameters_snap_to_their_grid():
    """BOLL k is on a 0.1 grid: nearby values are one setting; off-range values still fail."""
    k = next(p for p in BOLL.params if p.name == "k")
    assert [k.check(v) for v in (2.03, 2.05, 0.1 + 0.2, 9.96)] == [2.0, 2.1, 0.3, 10.0]
    with pytest.raises(ValueError, match="0.001"):
        k.check(0.001)  # snaps to 0, and k must be above 0


def test_random_k_values_share_one_cache_entry(client, moutai, slot_dir):
    """k=2.03 and k=1.97 answer with the same ETag as k=2 (one computation, one entry)."""
    tags = {stats(client, n=20, k=k)["ETag"] for k in ("2", "2.03", "1.97", "2.0000001")}
    assert len(tags) == 1


def test_empty_cpu_budget_answers_429_json_with_retry_after(client, moutai, settings, slot_dir):
    """An address that spent its CPU seconds gets 429 with Retry-After for new computations,
    while what is already cached is still served."""
    settings.API_CPU_SECONDS_PER_MINUTE = 1.0
    assert stats(client, n=20).status_code == 200
    compute_budget.charge(ip_hash("127.0.0.1"), 3.0)  # three minutes' worth
    refused = stats(client, n=21)
    assert refused.status_code == 429
    assert refused.json()["error"]["param"] == ""
    assert 100 <= int(refused["Retry-After"]) <= 121
    assert stats(client, n=20).status_code == 200


def test_budget_is_charged_the_cpu_time_of_each_computation(client, moutai, settings, slot_dir):
    """With a budget smaller than one computation, the first runs and the next is refused."""
    settings.API_CPU_SECONDS_PER_MINUTE = 0.001
    assert stats(client, n=30).status_code == 200
    assert stats(client, n=31).status_code == 429


def test_budget_is_per_address(client, moutai, settings, slot_dir):
    """Another address keeps its own budget."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.API_CPU_SECONDS_PER_MINUTE = 1.0
    compute_budget.charge(ip_hash("203.0.113.1"), 3.0)
    assert stats(client, {"X-Forwarded-For": "203.0.113.1"}, n=22).status_code == 429
    assert stats(client, {"X-Forwarded-For": "203.0.113.2"}, n=22).status_code == 200


def test_computations_over_the_slot_cap_get_503_after_the_wait(client, moutai, settings, slot_dir):
    """With every slot taken past the wait, a new computation is answered 503 JSON with
    Retry-After, and a cached answer still 200; once a slot is free, the computation runs."""
    settings.API_COMPUTE_SLOTS, settings.API_COMPUTE_ADMITTED = 2, 3
    settings.API_COMPUTE_WAIT_SECONDS = 0.05
    assert stats(client, n=20).status_code == 200
    with compute_budget.slot(), compute_budget.slot():
        busy = stats(client, n=23)
        assert (busy.status_code, busy["Retry-After"]) == (503, "1")
        assert busy.json()["error"]["message"]
        assert stats(client, n=20).status_code == 200
    assert stats(client, n=23).status_code == 200


def test_a_computation_waits_briefly_for_a_slot_that_comes_free(settings, slot_dir):
    """A page's own few demos queue for a slot instead of failing."""
    import threading

    settings.API_COMPUTE_SLOTS = 1
    settings.API_COMPUTE_WAIT_SECONDS = 2.0
    held = threading.Event()

    def hold_briefly():
        with compute_budget.slot():
            held.set()
            time.sleep(0.2)

    holder = threading.Thread(target=hold_briefly)
    holder.start()
    held.wait()
    started = time.monotonic()
    with compute_budget.slot():
        waited = time.monotonic() - started
    holder.join()
    assert 0.1 < waited < 2.0


def test_a_slot_is_released_when_the_computation_fails(settings, slot_dir):
    """A computation that raises gives its slot back."""
    settings.API_COMPUTE_SLOTS = 1
    with pytest.raises(RuntimeError), compute_budget.costed("someone"):
        raise RuntimeError("the formula failed")
    with compute_budget.slot():
        pass


@pytest.fixture
def redis_down(settings):
    """The shared cache is a Redis that is not running (nothing listens on the port)."""
    url = "redis://127.0.0.1:9/0"
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url},
    }


def test_limits_fail_open_when_the_cache_is_down(redis_down, slot_dir):
    """With the cache down, the budget and the request limit let computations through."""
    compute_budget.check_budget("someone")
    compute_budget.charge("someone", 100.0)
    with compute_budget.costed("someone"):
        pass
    assert ratelimit.hit("api:someone", 1, 60).allowed


def test_slots_survive_their_folder_being_cleaned_away(settings, tmp_path):
    """A temporary-file cleaner removing the slots' folder costs nothing."""
    settings.API_COMPUTE_SLOT_DIR = str(tmp_path / "slots")
    with compute_budget.slot():
        pass
    shutil.rmtree(tmp_path / "slots")
    with compute_budget.slot():
        pass


def test_unusable_slots_fail_open(settings, tmp_path):
    """A slots folder that cannot be made (a file is in the way) lets the work run."""
    (tmp_path / "taken").write_text("not a folder")
    settings.API_COMPUTE_SLOT_DIR = str(tmp_path / "taken")
    ran = []
    with compute_budget.costed("someone"):
        ran.append(True)
    assert ran == [True]
