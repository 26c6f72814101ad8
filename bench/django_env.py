"""A production-mode Django for benchmarks, on its own SQLite file under .local/."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "benchmark-only-key-not-secret-0123456789abcdefghijklmnop"
    )
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SQLITE_PATH", ".local/bench.sqlite3")
    (ROOT / ".local").mkdir(exist_ok=True)
    import warnings

    import django
    from django.core.management import call_command

    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def ensure_series(symbol: str, name: str, filename: str):
    from indicators.models import PriceSeries
    from indicators.prices import read_csv

    series = PriceSeries.objects.filter(symbol=symbol).first()
    if series is None:
        series = PriceSeries(symbol=symbol, name=name)
        series.set_table(read_csv(ROOT / "indicators" / "data" / filename))
        series.save()
    return series


def median_ms(call, repeats: int) -> float:
    import statistics
    import time

    call()  # warm caches and imports
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
