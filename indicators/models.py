import hashlib

from django.db import models

from indicators.prices import PriceTable, pack, unpack

# Market codes (as import_prices --market takes them) that trade under US rules.
US_MARKETS = {"US", "NYSE", "NASDAQ", "AMEX", "美股"}


class PriceSeries(models.Model):
    """A daily price history that demos and the API can draw on."""

    symbol = models.CharField("代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=60)
    market = models.CharField("市场", max_length=20, blank=True)
    data = models.BinaryField("数据", editable=False)
    bar_count = models.PositiveIntegerField("K线数", editable=False)
    first_date = models.DateField("起始日", editable=False)
    last_date = models.DateField("截止日", editable=False)
    # Changes whenever the bars change: part of every API ETag.
    digest = models.CharField("数据校验值", max_length=64, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["symbol"]
        verbose_name = verbose_name_plural = "行情数据"

    @property
    def trading_market(self) -> str:
        """Whose trading rules and costs apply: "us" for US listings, else "cn" (A股)."""
        return "us" if self.market.strip().upper() in US_MARKETS else "cn"

    def __str__(self):
        return f"{self.name}({self.symbol})"

    def set_table(self, table: PriceTable) -> None:
        self.data = pack(table)
        self.bar_count = len(table)
        self.first_date = table.dates[0].item()
        self.last_date = table.dates[-1].item()
        self.digest = hashlib.sha256(self.data).hexdigest()

    def table(self) -> PriceTable:
        return unpack(self.data)
