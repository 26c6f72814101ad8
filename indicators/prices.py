"""Daily price tables: read and validate CSV files, pack them for the database.

A file is refused as a whole, with the line number and the rule it broke, rather than
half-imported: a chart drawn on a bad bar teaches the reader something false.
"""

import csv
import io
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

REQUIRED_COLUMNS = ("date", "open", "high", "low", "close")
PRICE_COLUMNS = ("open", "high", "low", "close")
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


def read_csv(source) -> PriceTable:
    """Parse and validate a CSV given as a path or a text stream."""
    if isinstance(source, str | Path):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            return read_csv(handle)
    reader = csv.DictReader(source)
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise PriceFileError(f"缺少列：{', '.join(missing)}(需要 {', '.join(REQUIRED_COLUMNS)})")
    reader.fieldnames = columns

    dates, rows, volumes = [], [], []
    for line, record in enumerate(reader, start=2):
        if len(dates) >= MAX_BARS:
            raise PriceFileError(f"超过 {MAX_BARS} 行，请拆分文件")
        raw_date = (record.get("date") or "").strip()
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            raise PriceFileError(f"第 {line} 行：日期应为 YYYY-MM-DD({raw_date!r})") from None
        o, h, lo, c = (_number(record.get(col), col, line) for col in PRICE_COLUMNS)
        if min(o, h, lo, c) <= 0:
            raise PriceFileError(f"第 {line} 行：价格必须大于 0")
        if h < max(o, c):
            raise PriceFileError(f"第 {line} 行：high 低于 open/close 的较大者")
        if lo > min(o, c):
            raise PriceFileError(f"第 {line} 行：low 高于 open/close 的较小者")
        if dates and day <= dates[-1]:
            problem = "重复" if day == dates[-1] else "早于上一行"
            raise PriceFileError(f"第 {line} 行：日期 {day} {problem}，日期须严格递增")
        raw_volume = (record.get("volume") or "").strip()
        volumes.append(_number(raw_volume, "volume", line) if raw_volume else math.nan)
        dates.append(day)
        rows.append((o, h, lo, c))
    if len(dates) < MIN_BARS:
        raise PriceFileError(f"至少需要 {MIN_BARS} 根日线，文件里只有 {len(dates)} 根")
    prices = np.array(rows, dtype=np.float64)
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
