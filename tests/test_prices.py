"""Price files: validated as a whole, refused with the line at fault, imported by command."""

import io
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from indicators.models import PriceSeries
from indicators.prices import PriceFileError, pack, read_csv, unpack

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "ohlc"
SHIPPED = Path(__file__).resolve().parent.parent / "indicators" / "data"
HEADER = "date,open,high,low,close,volume\n"


def csv_text(*rows):
    return io.StringIO(HEADER + "".join(row + "\n" for row in rows))


def test_shipped_files_are_the_shared_real_data():
    """What the project ships is byte-for-byte the real data in shared/."""
    for name in ("600519.csv", "nvda-1999-2014.csv", "orcl-1995-2014.csv"):
        assert (SHIPPED / name).read_bytes() == (SHARED / name).read_bytes()


def test_real_files_load():
    """The three real series load with their published bar counts."""
    assert len(read_csv(SHIPPED / "600519.csv")) == 365
    assert len(read_csv(SHIPPED / "nvda-1999-2014.csv")) == 4012
    assert len(read_csv(SHIPPED / "orcl-1995-2014.csv")) == 5036


def test_pack_round_trip_is_exact():
    """Packing for the database loses nothing."""
    table = read_csv(SHIPPED / "600519.csv")
    again = unpack(pack(table))
    assert (again.dates == table.dates).all()
    for column in ("open", "high", "low", "close", "volume"):
        np.testing.assert_array_equal(getattr(again, column), getattr(table, column))


BAD_FILES = [
    (["2024-01-03,10,11,9,10.5,100", "2024-01-02,10,11,9,10.5,100"], "第 3 行", "早于上一行"),
    (["2024-01-02,10,11,9,10.5,100", "2024-01-02,10,11,9,10.5,100"], "第 3 行", "重复"),
    (["2024-01-02,10,10.2,9,10.5,100", "2024-01-03,10,11,9,10,1"], "第 2 行", "high"),
    (["2024-01-02,10,11,10.2,10.5,100", "2024-01-03,10,11,9,10,1"], "第 2 行", "low"),
    (["2024-01-02,10,11,9,nan,100", "2024-01-03,10,11,9,10,1"], "第 2 行", "close"),
    (["2024-01-02,10,11,9,,100", "2024-01-03,10,11,9,10,1"], "第 2 行", "close"),
    (["2024/01/02,10,11,9,10,100", "2024-01-03,10,11,9,10,1"], "第 2 行", "日期"),
    (["2024-01-02,0,0,0,0,100", "2024-01-03,10,11,9,10,1"], "第 2 行", "大于 0"),
    (["2024-01-02,10,11,9,10,100"], "至少需要", "1 根"),
]


@pytest.mark.parametrize(("rows", "where", "why"), BAD_FILES)
def test_bad_files_are_refused_with_a_clear_message(rows, where, why):
    """Unsorted, duplicate, inconsistent, missing or malformed data is refused, saying where."""
    with pytest.raises(PriceFileError) as error:
        read_csv(csv_text(*rows))
    assert where in str(error.value) and why in str(error.value)


def test_missing_columns_are_named():
    """A file without the required columns says which ones."""
    with pytest.raises(PriceFileError, match="high, low"):
        read_csv(io.StringIO("date,open,close\n2024-01-02,1,1\n"))


@pytest.mark.django_db
def test_import_prices_command_adds_and_replaces_a_series(tmp_path):
    """An operator adds a series by command; importing again replaces its bars."""
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,12,10,11.8,120\n")
    out = io.StringIO()
    call_command("import_prices", str(path), symbol="abc", name="测试股", stdout=out)
    series = PriceSeries.objects.get(symbol="ABC")
    assert (series.name, series.bar_count, str(series.last_date)) == ("测试股", 2, "2024-01-03")
    assert "2 根日线" in out.getvalue()
    path.write_text(path.read_text() + "2024-01-04,11.8,12.5,11,12,90\n")
    call_command("import_prices", str(path), symbol="ABC", stdout=io.StringIO())
    series.refresh_from_db()
    assert series.bar_count == 3 and series.name == "测试股"


@pytest.mark.django_db
def test_import_prices_refuses_a_bad_file_and_keeps_the_old_data(tmp_path):
    """A bad file changes nothing already stored."""
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,12,10,11.8,120\n")
    call_command("import_prices", str(good), symbol="ABC", stdout=io.StringIO())
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "2024-01-03,10,11,9,10.5,100\n2024-01-02,10,11,9,10.5,100\n")
    with pytest.raises(CommandError, match="第 3 行"):
        call_command("import_prices", str(bad), symbol="ABC")
    assert PriceSeries.objects.get(symbol="ABC").bar_count == 2
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_prices", str(tmp_path / "missing.csv"), symbol="ABC")
