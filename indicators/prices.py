"""Daily price tables: read and validate CSV files, pack them for the database.

A file is refused as a whole, with the line number and the rule it broke, rather than
half-imported: a chart drawn on a bad bar teaches the reader something false.
"""

import codecs
import csv
import io
import math
import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

REQUIRED_COLUMNS = ("date", "open", "high", "low", "close")
PRICE_COLUMNS = ("open", "high", "low", "close")
READ_COLUMNS = (*REQUIRED_COLUMNS, "volume")
# Real files are a few hundred KiB; anything far larger is not a price table.
MAX_FILE_BYTES = 64 * 1024 * 1024
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
MIN_BARS = 2
MAX_BARS = 200_000


class PriceFileError(ValueError):
    """The file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class PriceTable:
    dates: np.ndarray  # datetime64[D], strictly increasing
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray  # NaN where the file has no volume

    def __len__(self):
        return len(self.dates)

    def ohlc(self) -> dict[str, np.ndarray]:
        return {"open": self.open, "high": self.high, "low": self.low, "close": self.close}


def _number(raw: str, column: str, line: int) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise PriceFileError(f"第 {line} 行：{column} 不是数字（{raw!r}）") from None
    if not math.isfinite(value):
        raise PriceFileError(f"第 {line} 行：{column} 不是有限数值（{raw!r}）")
    return value


def _line_at(data: bytes, offset: int) -> int:
    """The physical line (1-based) holding byte `offset`, as the csv module counts lines."""
    return len(_LINE_BREAK.findall(data, 0, offset)) + 1


def _read_text(path: Path) -> str:
    """The file's text, or PriceFileError saying why it is not a UTF-8 text file."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise PriceFileError("这是一个目录，不是 CSV 文件")
        if not stat.S_ISREG(info.st_mode):
            raise PriceFileError("不是普通文件（设备、管道等不能导入）")
        if info.st_size > MAX_FILE_BYTES:
            raise PriceFileError(f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，不像日线表")
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        raise PriceFileError("找不到文件") from None
    except PermissionError:
        raise PriceFileError("没有读取这个文件的权限") from None
    except OSError as exc:
        raise PriceFileError(f"无法读取文件（{exc.strerror or exc}）") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise PriceFileError("第 1 行：文件是 UTF-16 编码，请另存为 UTF-8 编码的 CSV")
    data = data.removeprefix(codecs.BOM_UTF8)
    # Report whichever comes first: a byte that is not UTF-8, or a NUL (valid UTF-8, but
    # the mark of UTF-16 without a byte-order mark and of binary files).
    nul = data.find(b"\x00")
    try:
        text = data[: nul if nul >= 0 else len(data)].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PriceFileError(
            f"第 {_line_at(data, exc.start)} 行：不是 UTF-8 编码（字节 0x{data[exc.start]:02x}），"
            "请把文件另存为 UTF-8（GBK、Latin-1 等编码需先转换）"
        ) from None
    if nul >= 0:
        raise PriceFileError(
            f"第 {_line_at(data, nul)} 行：含有空字节，不是文本 CSV（二进制文件，或 UTF-16 编码）"
        )
    return text


def _rows(reader):
    """(physical line where the row starts, fields) for each non-blank row."""
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise PriceFileError(f"第 {start} 行：{_csv_problem(exc)}") from None
        if any(field.strip() for field in row):
            yield start, row
        start = reader.line_num + 1


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc)
    if "field limit" in text:
        limit = csv.field_size_limit()
        return f"有字段超过 {limit} 个字符（是不是有引号没有闭合？）"
    if "NUL" in text:
        return "含有空字节，不是文本 CSV"
    if "end of data" in text or "EOF" in text:
        return "引号没有闭合"
    if "expected after" in text:
        return "引号用法有误：右引号后面应当是逗号或换行"
    return f"CSV 格式无法解析（{text}）"


def _columns(line: int, header: list[str]) -> list[str]:
    """The header's column names, lower-cased; refuses missing or repeated ones."""
    columns = [c.strip().lower() for c in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise PriceFileError(f"缺少列：{', '.join(missing)}（需要 {', '.join(REQUIRED_COLUMNS)}）")
    repeated = sorted({c for c in columns if c in READ_COLUMNS and columns.count(c) > 1})
    if repeated:
        raise PriceFileError(f"第 {line} 行：列名重复：{', '.join(repeated)}")
    return columns


def _bar(line: int, row: list[str], columns: list[str], previous: date | None):
    """One data row as (day, (open, high, low, close), volume), checked against the last day."""
    if len(row) > len(columns):
        raise PriceFileError(
            f"第 {line} 行：有 {len(row)} 个字段，比表头的 {len(columns)} 列多"
            "（多了逗号，或含逗号的值没有加引号？）"
        )
    record = dict(zip(columns, row, strict=False))
    raw_date = (record.get("date") or "").strip()
    try:
        day = date.fromisoformat(raw_date)
    except ValueError:
        raise PriceFileError(f"第 {line} 行：日期应为 YYYY-MM-DD({raw_date!r})") from None
    o, h, lo, c = (_number(record.get(col, ""), col, line) for col in PRICE_COLUMNS)
    if min(o, h, lo, c) <= 0:
        raise PriceFileError(f"第 {line} 行：价格必须大于 0")
    if h < max(o, c):
        raise PriceFileError(f"第 {line} 行：high 低于 open/close 的较大者")
    if lo > min(o, c):
        raise PriceFileError(f"第 {line} 行：low 高于 open/close 的较小者")
    if previous is not None and day <= previous:
        problem = "重复" if day == previous else "早于上一行"
        raise PriceFileError(f"第 {line} 行：日期 {day} {problem}，日期须严格递增")
    raw_volume = (record.get("volume") or "").strip()
    volume = _number(raw_volume, "volume", line) if raw_volume else math.nan
    return day, (o, h, lo, c), volume


def read_csv(source) -> PriceTable:
    """Parse and validate a CSV given as a path or a text stream."""
    if isinstance(source, str | Path):
        return read_csv(io.StringIO(_read_text(Path(source)), newline=""))
    rows = _rows(csv.reader(source, strict=True))
    columns = _columns(*next(rows, (1, [])))
    dates, bars, volumes = [], [], []
    for line, row in rows:
        if len(dates) >= MAX_BARS:
            raise PriceFileError(f"超过 {MAX_BARS} 行，请拆分文件")
        day, bar, volume = _bar(line, row, columns, dates[-1] if dates else None)
        dates.append(day)
        bars.append(bar)
        volumes.append(volume)
    if len(dates) < MIN_BARS:
        raise PriceFileError(f"至少需要 {MIN_BARS} 根日线，文件里只有 {len(dates)} 根")
    prices = np.array(bars, dtype=np.float64)
    return PriceTable(
        dates=np.array(dates, dtype="datetime64[D]"),
        open=prices[:, 0].copy(),
        high=prices[:, 1].copy(),
        low=prices[:, 2].copy(),
        close=prices[:, 3].copy(),
        volume=np.array(volumes, dtype=np.float64),
    )


_DTYPE = np.dtype(
    [
        ("date", "datetime64[D]"),
        ("open", "f8"),
        ("high", "f8"),
        ("low", "f8"),
        ("close", "f8"),
        ("volume", "f8"),
    ]
)


def pack(table: PriceTable) -> bytes:
    """One compact binary blob per series: a single row read brings back every bar."""
    records = np.empty(len(table), dtype=_DTYPE)
    records["date"] = table.dates
    for name in ("open", "high", "low", "close", "volume"):
        records[name] = getattr(table, name)
    buffer = io.BytesIO()
    np.save(buffer, records, allow_pickle=False)
    return buffer.getvalue()


def unpack(blob: bytes) -> PriceTable:
    records = np.load(io.BytesIO(bytes(blob)), allow_pickle=False)
    return PriceTable(
        dates=records["date"],
        **{
            name: np.ascontiguousarray(records[name])
            for name in ("open", "high", "low", "close", "volume")
        },
    )
