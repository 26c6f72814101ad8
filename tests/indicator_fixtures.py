"""Price series for tests, loaded from the files the project ships."""

from pathlib import Path

from indicators.models import PriceSeries
from indicators.prices import read_csv

DATA = Path(__file__).resolve().parent.parent / "indicators" / "data"


# The markets the shipped files trade on (they decide the trading costs).
MARKETS = {"600519": "SH", "NVDA": "US", "ORCL": "US"}


def load_series(symbol="600519", name="贵州茅台", filename="600519.csv", market=None):
    series = PriceSeries(symbol=symbol, name=name, market=market or MARKETS.get(symbol, "SH"))
    series.set_table(read_csv(DATA / filename))
    series.save()
    return series
