"""K线训练营 turns sent at the same instant: one is taken, the rest change nothing."""

import json
import urllib.request

import numpy as np
import pytest

from practice.models import Round
from tests.concurrency import statuses_at_once
from tests.practice_helpers import make_series, round_on

pytestmark = pytest.mark.django_db(transaction=True)


def _turn(url, number, action):
    return urllib.request.Request(
        url,
        data=json.dumps({"turn": number, "action": action}).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )


def test_parallel_repeats_of_a_turn_take_it_once(live_server):
    """Eight copies of turn 1 at once all answer 200, and one turn is stored."""
    round_ = round_on(make_series(np.linspace(10, 20, 200)))
    url = f"{live_server.url}/practice/api/rounds/{round_.id}/turn/"
    statuses = statuses_at_once(urllib.request.urlopen, [_turn(url, 1, "buy")] * 8)
    assert statuses == [200] * 8
    assert Round.objects.get(pk=round_.id).actions == "b"


def test_parallel_different_actions_for_one_turn_store_one(live_server):
    """Buy and hold for one turn at once: one is stored, its copies 200, the others 409."""
    round_ = round_on(make_series(np.linspace(10, 20, 200)))
    url = f"{live_server.url}/practice/api/rounds/{round_.id}/turn/"
    requests = [_turn(url, 1, "buy"), _turn(url, 1, "hold")] * 4
    statuses = statuses_at_once(urllib.request.urlopen, requests)
    actions = Round.objects.get(pk=round_.id).actions
    assert len(actions) == 1
    assert sorted(statuses) == [200] * 4 + [409] * 4
