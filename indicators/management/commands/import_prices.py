from django.core.management.base import BaseCommand, CommandError

from indicators.models import PriceSeries
from indicators.prices import PriceFileError, read_csv


class Command(BaseCommand):
    help = "校验并导入一个日线 CSV(date,open,high,low,close[,volume])，供指标演示使用。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 文件路径")
        parser.add_argument("--symbol", required=True, help="代码，例如 600519 或 NVDA")
        parser.add_argument("--name", help="显示名称，例如 贵州茅台（默认同代码）")
        parser.add_argument("--market", default="", help="市场，例如 SH、SZ、US")

    def handle(self, *args, file, symbol, name, market, **options):
        symbol = symbol.strip().upper()
        if not symbol or len(symbol) > 20 or not symbol.replace(".", "").isalnum():
            raise CommandError("--symbol 只能包含字母、数字和点，最长 20 个字符")
        try:
            table = read_csv(file)  # the whole file, checked, before anything is stored
        except PriceFileError as exc:
            raise CommandError(f"{file} 未导入：{exc}") from None
        series = PriceSeries.objects.filter(symbol=symbol).first() or PriceSeries(symbol=symbol)
        series.name = name or series.name or symbol
        series.market = market or series.market
        series.set_table(table)
        series.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"{series}: {series.bar_count} 根日线，{series.first_date} 至 {series.last_date}"
            )
        )
