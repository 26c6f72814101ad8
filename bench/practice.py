"""K线训练营: the server time of a turn and of a reveal, and the bytes a round stores.

Run from the project root (bin/bench runs it)::

    python bench/practice.py [--rounds N]

Rounds of 120 turns are played through the production-mode Django stack (test client,
every middleware) on the longest shipped series (ORCL, 5,000 bars, MACD shown, so each
turn recomputes MACD on every bar up to the current day). A turn's time is wall clock
and this process's CPU time, per request; the reveal is the luck check with
PRACTICE_RANDOM_TRADERS random traders plus the textbook rule, timed as the last turn
runs it.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.django_env import ensure_series, setup_django  # noqa: E402

ACTIONS = ("hold", "buy", "hold", "sell", "hold")  # by turn number modulo 5


def play(client, series, settings, start) -> tuple[list, list]:
    """One 120-turn round; (wall ms, CPU ms) per turn."""
    from practice import rounds

    round_ = rounds.start_round(
        rounds.Choice(length=120, settings=settings), window=(series.pk, series.digest, start)
    )
    wall, cpu = [], []
    for number in range(1, 121):
        body = json.dumps({"turn": number, "action": ACTIONS[number % len(ACTIONS)]})
        w, c = time.perf_counter(), time.process_time()
        response = client.post(
            f"/practice/api/rounds/{round_.id}/turn/", body, content_type="application/json"
        )
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        if response.status_code == 400:  # a refused order (limit-up fill, say): hold instead
            body = json.dumps({"turn": number, "action": "hold"})
            response = client.post(
                f"/practice/api/rounds/{round_.id}/turn/", body, content_type="application/json"
            )
        assert response.status_code == 200, response.content
    return wall, cpu, round_.id


def _median_ms(call, clock, repeats=20) -> float:
    call()
    times = []
    for _ in range(repeats):
        start = clock()
        call()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def time_reveal(round_id) -> dict:
    """Median ms (wall and CPU) of the whole reveal and of the luck check alone."""
    from django.conf import settings

    from practice import luck, market, reveal, rounds

    round_ = rounds.live(round_id)
    dealt = rounds.dealt_of(round_)
    account = rounds.account_of(round_, dealt)
    fills = len(account.trades)
    n = settings.PRACTICE_RANDOM_TRADERS
    first = market.CONTEXT_BARS - 1

    def whole():
        reveal.build(round_, dealt, account)

    def alone():
        luck.random_returns(dealt.bars, first, fills, dealt.rules, n, 1)

    return {
        "wall": _median_ms(whole, time.perf_counter),
        "cpu": _median_ms(whole, time.process_time),
        "luck": _median_ms(alone, time.process_time),
        "fills": fills,
        "traders": n,
    }


def stored_bytes() -> dict:
    """Mean bytes of a round's column values, unfinished and finished (the reveal kept)."""
    from django.db import connection

    from practice.models import Round

    columns = [f.column for f in Round._meta.concrete_fields]
    size = " + ".join(f"coalesce(length({connection.ops.quote_name(c)}), 0)" for c in columns)
    table = connection.ops.quote_name(Round._meta.db_table)
    out = {}
    with connection.cursor() as cursor:
        for status in ("active", "finished"):
            cursor.execute(f"SELECT avg({size}) FROM {table} WHERE status = %s", [status])
            out[status] = cursor.fetchone()[0] or 0
    return out


def report(rounds, bars, wall, cpu, reveal, sizes) -> bool:
    """Print the figures; True when both budgets held."""
    p95 = int(len(wall) * 0.95)
    turn_ok, reveal_ok = statistics.median(cpu) <= 5, reveal["cpu"] <= 50
    print(f"K线训练营 ({rounds} rounds x 120 turns, ORCL {bars:,} bars, MACD):")
    print(f"  turn, wall: median {statistics.median(wall):.2f} ms, p95 {wall[p95]:.2f} ms; "
          f"CPU: median {statistics.median(cpu):.2f} ms, p95 {cpu[p95]:.2f} ms "
          f"(budget 5 ms: {'held' if turn_ok else 'BROKEN'})")  # fmt: skip
    print(f"  reveal, wall: median {reveal['wall']:.1f} ms; CPU: median {reveal['cpu']:.1f} ms, "
          f"of which the luck check ({reveal['traders']:,} random traders, "
          f"{reveal['fills']} fills each) {reveal['luck']:.1f} ms "
          f"(budget 50 ms: {'held' if reveal_ok else 'BROKEN'})")  # fmt: skip
    print(f"  stored per round: {sizes['active']:.0f} bytes while played, "
          f"{sizes['finished']:.0f} bytes revealed (gzipped reveal kept)")  # fmt: skip
    return turn_ok and reveal_ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    setup_django()
    from django.test import Client

    from indicators.library.registry import indicator_settings
    from practice import market, rounds

    series = ensure_series("ORCL", "甲骨文", "orcl-1995-2014.csv")
    settings = indicator_settings("macd")
    client = Client(HTTP_HOST="testserver")
    wall, cpu, last = [], [], None
    for n in range(args.rounds):
        start = series.bar_count - market.CONTEXT_BARS - 120 - 1 - n * 200
        w, c, last = play(client, series, settings, start)
        wall += w[:-1]  # the last turn also reveals: timed below
        cpu += c[:-1]
    unfinished = rounds.start_round(
        rounds.Choice(length=60), window=(series.pk, series.digest, 300)
    )
    reveal = time_reveal(last)
    sizes = stored_bytes()
    ok = report(args.rounds, series.bar_count, sorted(wall), sorted(cpu), reveal, sizes)
    unfinished.delete()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
