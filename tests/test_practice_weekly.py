"""每周挑战: one window per ISO week, a reader counted once, bounded storage."""

from datetime import date

import numpy as np
import pytest
from django.test import Client

from practice import weekly
from practice.models import Round, WeeklyEntry, WeeklySummary
from tests.indicator_fixtures import load_series
from tests.practice_helpers import HOST, post, turn

pytestmark = pytest.mark.django_db


def play_weekly(client, actions=("buy",)):
    """Start this week's round, take `actions`, stop; the final body."""
    state = post(client, "/practice/api/rounds/", {"weekly": True, "indicator": "rsi"}).json()
    for number, action in enumerate(actions, 1):
        assert turn(client, state["id"], number, action).status_code == 200
    return post(client, f"/practice/api/rounds/{state['id']}/stop/", {}).json()


def test_everyone_gets_the_same_window_that_week():
    """Two readers' weekly rounds are dealt the same bars; the week decides the window."""
    load_series()
    one, two = Client(), Client()
    a = post(one, "/practice/api/rounds/", {"weekly": True}).json()
    b = post(two, "/practice/api/rounds/", {"weekly": True, "indicator": "kdj"}).json()
    assert a["weekly"] == b["weekly"] == weekly.week_of()
    assert a["bars"] == b["bars"] and a["length"] == b["length"] == weekly.LENGTH
    ra, rb = Round.objects.get(pk=a["id"]), Round.objects.get(pk=b["id"])
    assert (ra.series_id, ra.start) == (rb.series_id, rb.start)


def test_the_window_is_deterministic_from_the_week():
    """Asking again for a week gives its window; the weeks do not all share one."""
    load_series()
    assert weekly.window("2026-W10") == weekly.window("2026-W10")
    starts = {weekly.window(f"2026-W{n:02d}")[2] for n in range(1, 13)}
    assert len(starts) > 1


def test_a_reader_counts_once_a_week():
    """Two weekly rounds from one reader cookie add one result; another reader adds one."""
    load_series()
    reader = Client()
    first = play_weekly(reader, ("buy",))
    second = play_weekly(reader, ("hold", "buy"))
    assert first["reveal"]["weekly"]["counted"] is True
    assert second["reveal"]["weekly"]["counted"] is False
    assert first["reveal"]["weekly"]["note"] == ""
    assert "只计第一局" in second["reveal"]["weekly"]["note"]
    assert WeeklyEntry.objects.count() == 1
    other = play_weekly(Client(), ())
    assert WeeklyEntry.objects.count() == 2
    standing = other["reveal"]["weekly"]
    assert standing["players"] == 2 and sum(standing["counts"]) == 2
    assert "reader" not in str(standing)


def test_the_standing_is_anonymous_and_ranks_the_result():
    """The weekly endpoint shows counts only; a reveal says where its result ranks."""
    load_series()
    week = weekly.week_of()
    for n, result in enumerate([-0.1, 0.0, 0.05, 0.2]):
        WeeklyEntry.objects.create(week=week, reader=f"r{n}", result=result)
    body = Client().get("/practice/api/weekly/", **HOST).json()
    assert body["players"] == 4 and sum(body["counts"]) == 4 and "r0" not in str(body)
    assert weekly.standing(week, 0.1)["better_than"] == 75.0


def test_past_weeks_are_summarised_and_their_rows_deleted():
    """Pruning folds a finished week into a histogram; its standing still answers."""
    for n, result in enumerate([-0.2, 0.01, 0.02, 0.3]):
        WeeklyEntry.objects.create(week="2020-W01", reader=f"r{n}", result=result)
    WeeklyEntry.objects.create(week=weekly.week_of(), reader="now", result=0.0)
    assert weekly.summarise_before(weekly.week_of()) == 1
    assert list(WeeklyEntry.objects.values_list("week", flat=True)) == [weekly.week_of()]
    summary = WeeklySummary.objects.get(week="2020-W01")
    assert summary.players == 4 and sum(summary.histogram) == 4
    assert weekly.standing("2020-W01", 0.5)["better_than"] == 100.0


def test_week_names_follow_iso_weeks():
    """The week is the ISO week: the last days of December can belong to next year's W01."""
    assert weekly.week_of(date(2024, 12, 30)) == "2025-W01"
    assert weekly.week_of(date(2026, 12, 4)) == "2026-W49"


def test_the_database_bins_results_as_bin_of_does():
    """Edges, outer bins and in-between values land in the same bins either way."""
    results = [-0.9, -0.5, -0.449, 0.0, 0.05, 0.0499, 0.45, 0.5, 2.0]
    for n, result in enumerate(results):
        WeeklyEntry.objects.create(week="2026-W01", reader=f"r{n}", result=result)
    expected = np.bincount([weekly.bin_of(r) for r in results], minlength=len(weekly.EDGES) - 1)
    assert weekly.standing("2026-W01")["counts"] == expected.tolist()


def test_throwing_the_cookie_away_counts_a_bounded_number_of_times(settings):
    """Fresh cookies from one address count up to PRACTICE_WEEKLY_PER_ADDRESS readers a
    week; another address still counts; a finished round does not keep the address."""
    load_series()
    settings.PRACTICE_WEEKLY_PER_ADDRESS = 2
    standings = [
        play_weekly(Client(REMOTE_ADDR="203.0.113.7"), ())["reveal"]["weekly"] for _ in range(4)
    ]
    assert [s["counted"] for s in standings] == [True, True, False, False]
    assert "同一网络" in standings[-1]["note"]
    assert play_weekly(Client(REMOTE_ADDR="198.51.100.9"), ())["reveal"]["weekly"]["counted"]
    assert WeeklyEntry.objects.count() == 3
    assert set(Round.objects.values_list("address", flat=True)) == {""}
    assert "203.0.113.7" not in str(list(WeeklyEntry.objects.values()))
