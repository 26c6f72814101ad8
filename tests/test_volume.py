"""The volume pane's data: each bar's volume in the indicator API, null where a file has none."""

import pytest
from django.urls import reverse

from indicators.models import PriceSeries
from indicators.prices import read_csv
from tests.indicator_fixtures import load_series

pytestmark = pytest.mark.django_db


def test_the_api_sends_each_bars_volume(client):
    """Volume comes with the bars, for the same dates, as the price file has it."""
    series = load_series()
    data = client.get(reverse("indicators:api", args=["rsi"]), {"symbol": "600519"}).json()
    assert data["volume"] == series.table().volume.tolist()
    assert len(data["volume"]) == len(data["dates"]) and data["volume"][0] == 230


def test_a_window_gets_the_volume_of_its_own_days(client):
    """start/end cut the volume like the bars."""
    load_series()
    data = client.get(
        reverse("indicators:api", args=["macd"]),
        {"symbol": "600519", "start": "2024-08-16", "end": "2024-08-20"},
    ).json()
    assert data["dates"] == ["2024-08-16", "2024-08-19", "2024-08-20"]
    assert data["volume"][0] == 165 and len(data["volume"]) == 3


def test_days_without_volume_are_null(client, tmp_path):
    """A file without a volume column gives nulls, not zeros or a 500."""
    path = tmp_path / "novol.csv"
    rows = ["date,open,high,low,close"] + [f"2024-01-{d:02d},10,11,9,10.5" for d in range(1, 31)]
    path.write_text("\n".join(rows) + "\n")
    series = PriceSeries(symbol="TEST", name="测试", market="SH")
    series.set_table(read_csv(path))
    series.save()
    data = client.get(reverse("indicators:api", args=["rsi"]), {"symbol": "TEST"}).json()
    assert data["volume"] == [None] * 30
