"""Price files: validated as a whole, refused with the line at fault, imported by command."""

import io
import os
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from indicators.models import PriceSeries
from indicators.prices import PriceFileError, pack, read_csv, unpack

# The team's shared data folder sits next to the project (../shared); a clone elsewhere
# can point to it with SHARED_DATA_DIR.
SHARED = (
    Path(
        os.environ.get("SHARED_DATA_DIR")
        or Path(__file__).resolve().parent.parent.parent / "shared" / "data"
    )
    / "ohlc"
)
SHIPPED = Path(__file__).resolve().parent.parent / "indicators" / "data"
HEADER = "date,open,high,low,close,volume\n"


def csv_text(*rows):
    return io.StringIO(HEADER + "".join(row + "\n" for row in rows))


def test_shipped_files_are_the_shared_real_data():
    """What the project ships is byte-for-byte the real data in shared/."""
    if not SHARED.is_dir():
        pytest.skip(f"the shared data folder is not at {SHARED} (set SHARED_DATA_DIR)")
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


GOOD_ROWS = ("2024-01-02,10,11,9,10.5,100\n", "2024-01-03,10.5,12,10,11.8,120\n")


def refused_import(tmp_path, content: bytes | None, name="bad.csv"):
    """Import `content` as a file (or the folder itself when None); the CommandError text."""
    path = tmp_path
    if content is not None:
        path = tmp_path / name
        path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_prices", str(path), symbol="BAD", stdout=io.StringIO())
    assert not PriceSeries.objects.exists()
    return str(error.value)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_line_numbers_are_physical_lines(newline):
    """Blank lines and quoted multi-line fields count, as an editor shows them."""
    text = (
        "date,open,high,low,close,volume,note\n"  # 1
        "2024-01-02,10,11,9,10.5,100,\n"  # 2
        "\n"  # 3
        '2024-01-03,10,11,9,10.5,100,"第一行\n'  # 4
        '第二行"\n'  # 5
        "\n"  # 6
        "2024-01-01,10,11,9,10.5,100,早于上一行\n"  # 7
    ).replace("\n", newline)
    with pytest.raises(PriceFileError, match="^第 7 行：.*早于上一行"):
        read_csv(io.StringIO(text, newline=""))


@pytest.mark.django_db
def test_field_over_the_csv_limit_names_its_line(tmp_path):
    """A field longer than the csv module allows is refused at the line it starts on."""
    content = HEADER + GOOD_ROWS[0] + "\n" + "2024-01-03,10,11,9,10," + "9" * 200_000 + "\n"
    message = refused_import(tmp_path, content.encode())
    assert "第 4 行" in message and "字段超过" in message


@pytest.mark.django_db
def test_unclosed_quote_names_the_line_it_opens_on(tmp_path):
    """An unclosed quote swallowing the rest of the file is reported where it opens."""
    rows = "".join(f"2024-02-{d:02d},10,11,9,10,1\n" for d in range(1, 29))
    message = refused_import(tmp_path, (HEADER + GOOD_ROWS[0] + '2024-01-03,"10\n' + rows).encode())
    assert "第 3 行" in message and "引号" in message
    big = (HEADER + '2024-01-03,"10\n' + "x" * 140_000 + "\n").encode()
    assert "第 2 行" in refused_import(tmp_path, big)


@pytest.mark.django_db
def test_a_directory_is_refused(tmp_path):
    """A folder given as the file is a clear error, not a traceback."""
    assert "目录" in refused_import(tmp_path, None)


@pytest.mark.django_db
def test_a_device_is_refused():
    """Devices and pipes are not read (reading /dev/zero would never end)."""
    with pytest.raises(CommandError, match="不是普通文件"):
        call_command("import_prices", "/dev/zero", symbol="BAD")
    assert not PriceSeries.objects.exists()


@pytest.mark.django_db
def test_latin1_file_names_the_line_and_the_encoding(tmp_path):
    """A Latin-1 (or GBK) file is refused at the first line that is not UTF-8."""
    content = HEADER + GOOD_ROWS[0] + "\n" + "2024-01-03,10,11,9,10,1,Café\n"
    message = refused_import(tmp_path, content.encode("latin-1"))
    assert "第 4 行" in message and "UTF-8" in message


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_is_refused(tmp_path, encoding):
    """UTF-16, with or without a byte-order mark, is refused with advice to save as UTF-8."""
    message = refused_import(tmp_path, (HEADER + "".join(GOOD_ROWS)).encode(encoding))
    assert "第 1 行" in message and "UTF-" in message


@pytest.mark.django_db
def test_binary_file_is_refused_at_its_line(tmp_path):
    """A binary file (a PNG renamed .csv, a spreadsheet) is refused, saying where."""
    rows = (HEADER + "".join(GOOD_ROWS)).encode()
    message = refused_import(tmp_path, rows + b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "第 4 行" in message and "UTF-8" in message
    message = refused_import(tmp_path, rows + b"PK\x03\x04\n\x14\x00\x06\x00")
    assert "第 5 行" in message and "空字节" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row",
    [
        "2024-01-04,10,11,9,10.5,100,999",
        "2024-01-04,10,11,9,10.5,100,,",
        "2024-01-04,1,234.5,11,9,10.5,100",
    ],
)
def test_rows_with_extra_columns_are_refused(tmp_path, row):
    """A row longer than the header is refused (a stray comma shifts every column)."""
    content = HEADER + "".join(GOOD_ROWS) + row + "\n"
    message = refused_import(tmp_path, content.encode())
    assert "第 4 行" in message and "多" in message


@pytest.mark.django_db
def test_repeated_columns_are_refused(tmp_path):
    """Two columns of the same name would be ambiguous: refused."""
    content = "date,open,high,low,close,close\n" + "2024-01-02,10,11,9,10.5,10.4\n" * 2
    assert "重复" in refused_import(tmp_path, content.encode())


@pytest.mark.django_db
def test_refused_file_leaves_the_old_series_untouched(tmp_path):
    """An error on the last line keeps every earlier bar out, and the old series intact."""
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "".join(GOOD_ROWS))
    call_command("import_prices", str(good), symbol="ABC", stdout=io.StringIO())
    bad = tmp_path / "bad.csv"
    rows = "".join(f"2024-02-{d:02d},10,11,9,10,1\n" for d in range(1, 29))
    bad.write_bytes((HEADER + rows + "2024-03-01,10,11,9,10,1,extra\n").encode())
    with pytest.raises(CommandError, match="第 30 行"):
        call_command("import_prices", str(bad), symbol="ABC")
    assert PriceSeries.objects.get(symbol="ABC").bar_count == 2


def test_utf8_with_bom_and_blank_lines_still_load(tmp_path):
    """Excel's UTF-8 with BOM, CRLF line ends and blank lines are all fine."""
    path = tmp_path / "excel.csv"
    path.write_bytes(("\r\n" + HEADER + "\r\n".join(GOOD_ROWS) + "\r\n\r\n").encode("utf-8-sig"))
    assert len(read_csv(path)) == 2
