"""K线训练营's JSON API: dealing, turns, idempotency, refusals, errors and expiry."""

from datetime import timedelta

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from practice.market import CONTEXT_BARS, HISTORY_BARS
from practice.models import Round, Status
from tests.indicator_fixtures import load_series
from tests.practice_helpers import HOST, make_series, post, round_on, turn

pytestmark = pytest.mark.django_db


def start(client, **data):
    return post(client, "/practice/api/rounds/", data)


def test_a_new_round_is_rebased_to_100_and_shows_only_the_context(client):
    """The first close is 100; only the 20 context bars are shown; no name or symbol."""
    load_series()
    response = start(client, indicator="macd", length=60)
    assert response.status_code == 201
    state = response.json()
    assert state["bars"]["close"][0] == 100.0
    assert all(len(v) == CONTEXT_BARS for v in state["bars"].values())
    assert state["day"] == CONTEXT_BARS - 1 and state["next_turn"] == 1
    assert len(state["id"]) >= 22 and Round.objects.filter(pk=state["id"]).exists()
    assert b"600519" not in response.content and "贵州茅台".encode() not in response.content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("data", "param"),
    [
        ({"length": 90}, "length"),
        ({"indicator": "nope"}, "indicator"),
        ({"indicator": "macd", "params": {"fast": 30, "slow": 26}}, "fast"),
        ({"indicator": "rsi", "params": {"n": "x"}}, "n"),
        ({"indicator": "macd", "params": {"bogus": 1}}, "bogus"),
        ({"weekly": "maybe"}, "weekly"),
    ],
)
def test_bad_choices_are_400_naming_the_field(client, data, param):
    """Indicator settings go through the indicator API's schema; bad input is a 400."""
    load_series()
    response = start(client, **data)
    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


def test_settings_are_kept_and_shown(client):
    """Chosen parameters are validated and used for the indicator under the chart."""
    load_series()
    state = start(client, indicator="rsi", params={"n1": 9}).json()
    assert state["indicator"]["name"] == "rsi" and state["indicator"]["params"]["n1"] == 9


def test_form_fields_work_as_well_as_json(client):
    """A plain form post (no JSON) starts a round too."""
    load_series()
    response = client.post("/practice/api/rounds/", {"indicator": "kdj", "length": "120"}, **HOST)
    assert response.status_code == 201 and response.json()["length"] == 120


def test_a_replayed_turn_returns_the_same_body_and_changes_nothing(client):
    """Sending turn N twice gives the same answer and takes only one turn."""
    round_ = round_on(make_series(np.linspace(10, 20, 200)))
    first = turn(client, round_.id, 1, "buy")
    again = turn(client, round_.id, 1, "buy")
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert Round.objects.get(pk=round_.id).actions == "b"
    turn(client, round_.id, 2, "hold")
    late = turn(client, round_.id, 1, "buy")  # a replay arriving after turn 2
    assert late.content == first.content
    assert Round.objects.get(pk=round_.id).actions == "bh"


def test_a_turn_cannot_be_rewritten_or_skipped(client):
    """Another action for a taken turn, or a turn number ahead, is a 409 and changes nothing."""
    round_ = round_on(make_series(np.linspace(10, 20, 200)))
    turn(client, round_.id, 1, "buy")
    changed = turn(client, round_.id, 1, "hold")
    ahead = turn(client, round_.id, 5, "hold")
    assert (changed.status_code, changed.json()["code"]) == (409, "turn_taken")
    assert (ahead.status_code, ahead.json()["code"]) == (409, "turn_ahead")
    assert Round.objects.get(pk=round_.id).actions == "b"


@pytest.mark.parametrize(
    ("before", "action", "code"), [("", "sell", "no_position"), ("b", "buy", "holding")]
)
def test_refusals_are_explained_in_chinese_and_change_nothing(client, before, action, code):
    """Selling with nothing held or buying twice: 400 with a Chinese reason, turn not used."""
    round_ = round_on(make_series(np.linspace(10, 20, 200)))
    for number, letter in enumerate(before, 1):
        turn(client, round_.id, number, {"b": "buy"}[letter])
    response = turn(client, round_.id, len(before) + 1, action)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code and body["error"]["param"] == "action"
    assert "不能" in body["error"]["message"]
    assert Round.objects.get(pk=round_.id).actions == before


def test_the_reader_is_told_when_a_limit_up_open_blocks_a_purchase(client):
    """An A股 buy into an opening limit-up does not fill; the turn says so in Chinese."""
    closes = np.full(HISTORY_BARS + CONTEXT_BARS + 60, 10.0)
    opens = closes.copy()
    fill = HISTORY_BARS + CONTEXT_BARS  # the first turn fills on this bar
    opens[fill] = closes[fill] = 11.0  # a 一字涨停
    round_ = round_on(make_series(closes, opens=opens))
    body = turn(client, round_.id, 1, "buy").json()
    assert body["last"]["outcome"] == "not_filled" and "涨停" in body["last"]["message"]
    assert body["account"]["holding"] is False and body["trades"] == []


def test_unknown_round_is_a_404_json(client):
    """A made-up id answers 404 JSON, for every endpoint."""
    for path in ("", "turn/", "stop/", "reveal/"):
        url = f"/practice/api/rounds/not-a-round/{path}"
        response = (
            turn(client, "not-a-round", 1, "hold")
            if path == "turn/"
            else (post(client, url, {}) if path == "stop/" else client.get(url, **HOST))
        )
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_a_finished_round_refuses_turns_with_a_clear_message(client):
    """After the reveal, a new turn is a 409 saying the round is over."""
    round_ = round_on(make_series(np.linspace(10, 20, 200)))
    stopped = post(client, f"/practice/api/rounds/{round_.id}/stop/", {})
    assert stopped.status_code == 200 and stopped.json()["reveal"]["symbol"] == "600000"
    response = turn(client, round_.id, 1, "hold")
    assert response.status_code == 409 and response.json()["code"] == "finished"
    assert "已经结束" in response.json()["error"]["message"]


def test_the_reveal_waits_for_the_end(client):
    """reveal/ is a 409 while the round is being played."""
    round_ = round_on(make_series(np.linspace(10, 20, 200)))
    response = client.get(f"/practice/api/rounds/{round_.id}/reveal/", **HOST)
    assert response.status_code == 409 and response.json()["code"] == "unfinished"


def test_unfinished_rounds_expire_after_a_day(client):
    """A day-old unfinished round is 410 and pruned; a finished one stays."""
    series = make_series(np.linspace(10, 20, 200))
    old, done = round_on(series), round_on(series)
    post(client, f"/practice/api/rounds/{done.id}/stop/", {})
    day_ago = timezone.now() - timedelta(hours=24, minutes=1)
    Round.objects.filter(pk__in=[old.id, done.id]).update(created_at=day_ago)
    assert turn(client, old.id, 1, "hold").status_code == 410
    assert client.get(f"/practice/api/rounds/{done.id}/", **HOST).status_code == 200
    call_command("prune_practice")
    assert list(Round.objects.values_list("pk", "status")) == [(done.id, Status.FINISHED)]


def test_a_flood_of_new_rounds_gets_the_sites_json_429(client, settings):
    """More new rounds a minute than allowed from one address: 429 JSON with Retry-After."""
    settings.PRACTICE_ROUNDS_PER_MINUTE = 3
    load_series()
    codes = [start(client).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    limited = start(client)
    assert limited.json()["error"]["message"] and int(limited["Retry-After"]) >= 1


def test_cross_site_posts_are_refused(client):
    """Another site cannot start rounds or take turns for a reader."""
    load_series()
    response = client.post(
        "/practice/api/rounds/",
        "{}",
        content_type="application/json",
        HTTP_SEC_FETCH_SITE="cross-site",
        **HOST,
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        "[1]",
        "{bad json",
        '{"turn": true, "action": "buy"}',
        '{"turn": "9999999999", "action": "buy"}',
        '{"turn": 1, "action": "short"}',
    ],
)
def test_bad_turn_requests_are_400(client, body):
    """Malformed turn bodies are 400 JSON, never a 500."""
    round_ = round_on(make_series(np.linspace(10, 20, 200)))
    response = client.post(
        f"/practice/api/rounds/{round_.id}/turn/", body, content_type="application/json", **HOST
    )
    assert response.status_code == 400 and "error" in response.json()


def test_replaying_the_last_turn_answers_as_it_did(client):
    """The final turn's repeat returns the same finished body, reveal included."""
    round_ = round_on(make_series(np.linspace(10, 20, 200)))
    for number in range(1, 60):
        turn(client, round_.id, number, "hold")
    last = turn(client, round_.id, 60, "hold")
    again = turn(client, round_.id, 60, "hold")
    assert last.json()["status"] == "finished" and "reveal" in last.json()
    assert again.content == last.content


def test_stopping_before_the_first_turn_reveals_nothing_traded(client):
    """A round stopped at once reveals with no trades for anyone and a 0% result."""
    round_ = round_on(make_series(np.linspace(10, 20, 200)))
    reveal = post(client, f"/practice/api/rounds/{round_.id}/stop/", {}).json()["reveal"]
    assert reveal["reader"]["trades"] == reveal["hold"]["trades"] == []
    assert reveal["hold"]["return"] == reveal["reader"]["return"] == 0.0
    assert len(reveal["dates"]) == CONTEXT_BARS


def test_without_long_enough_prices_a_round_cannot_start(client):
    """No series long enough: a clear 503 JSON, not a 500."""
    make_series(np.linspace(10, 20, 100))
    response = start(client)
    assert response.status_code == 503 and "行情" in response.json()["error"]["message"]


def test_a_sale_ordered_on_the_purchase_fill_day_fills_at_the_next_open(client):
    """Bought at day 20's open, a sale ordered that evening fills at day 21's (T+1 holds)."""
    closes = np.linspace(10, 20, 200)
    round_ = round_on(make_series(closes))
    bought = turn(client, round_.id, 1, "buy").json()
    assert bought["account"]["bought_day"] == CONTEXT_BARS
    sold = turn(client, round_.id, 2, "sell").json()
    assert [(t["side"], t["day"]) for t in sold["trades"]] == [
        ("buy", CONTEXT_BARS),
        ("sell", CONTEXT_BARS + 1),
    ]
    after = client.get(f"/practice/api/rounds/{round_.id}/", **HOST).json()
    assert sold["trades"][1]["price"] == after["bars"]["open"][CONTEXT_BARS + 1]
    # The open of day 21 (the close of day 20), within half a tick (practice.ticks).
    exact = closes[HISTORY_BARS + CONTEXT_BARS] / closes[HISTORY_BARS] * 100
    assert abs(sold["trades"][1]["price"] - exact) < 2 * 0.01 / closes[HISTORY_BARS] * 100


def test_the_reader_is_told_when_a_limit_down_open_blocks_a_sale(client):
    """An A股 sale into an opening limit-down does not fill; the position is kept."""
    closes = np.full(HISTORY_BARS + CONTEXT_BARS + 60, 10.0)
    opens = closes.copy()
    sale = HISTORY_BARS + CONTEXT_BARS + 1  # turn 2's fill
    opens[sale:] = closes[sale:] = 9.0  # a 一字跌停, then flat
    round_ = round_on(make_series(closes, opens=opens))
    turn(client, round_.id, 1, "buy")
    body = turn(client, round_.id, 2, "sell").json()
    assert body["last"]["outcome"] == "not_filled" and "跌停" in body["last"]["message"]
    assert body["account"]["holding"] is True and body["account"]["can_sell"] is True


def test_parameters_whose_warm_up_no_series_can_hold_are_a_400(client):
    """Settings needing more warm-up than any series holds are a 400 naming params."""
    load_series()
    response = start(client, indicator="macd", params={"fast": 100, "slow": 250, "signal": 250})
    assert response.status_code == 400 and response.json()["error"]["param"] == "params"
    assert "预热期" in response.json()["error"]["message"]
