"""Print the 信号实验室 verdicts: every signal kind, on every stored series, every setting."""

from django.core.management.base import BaseCommand, CommandError

from indicators import lab
from indicators.library.stats import DEFAULT_ENTRY, DEFAULT_HORIZON, ENTRIES, HORIZONS

VERDICT_WORDS = {"better": "✓ 好于随机入场", "worse": "✗ 不如随机入场", "no_edge": "  没有证据更好"}


def _percent(value: float) -> str:
    return f"{value * 100:+.2f}%"


class Command(BaseCommand):
    help = "Compare every indicator signal with random entry days, as /indicators/lab/ does."

    def add_arguments(self, parser):
        parser.add_argument("--horizon", type=int, default=DEFAULT_HORIZON, choices=HORIZONS)
        parser.add_argument("--entry", default=DEFAULT_ENTRY, choices=ENTRIES)
        parser.add_argument("--signal", help="only this signal, e.g. macd.golden_cross")

    def handle(self, *args, horizon, entry, signal=None, **options):
        signals = lab.all_signals()
        if signal:
            signals = [s for s in signals if s.key == signal]
            if not signals:
                raise CommandError(f"unknown signal {signal!r}")
        totals = {"rows": 0, "tested": 0, "better": 0, "worse": 0}
        for chosen in signals:
            rows, tests = lab.lab_page(chosen, horizon, entry)
            verdict = lab.verdict(rows, tests)
            self.stdout.write(
                f"\n{chosen.spec.label} · {chosen.kind.name} · {horizon} 日 · {entry}"
            )
            for row in rows:
                self.stdout.write("  " + self._row_text(row))
            spa = "  ".join(
                f"{t.series.symbol} {t.p_value:.3f}（校正后 {t.p_adjusted:.3f}）"
                for t in verdict["spa"]
            )
            self.stdout.write(f"  SPA p: {spa or '—'}")
            self.stdout.write(f"  → {verdict['luck_text']}")
            totals["rows"] += len(rows)
            totals["tested"] += verdict["comparable"]
            totals["better"] += len(verdict["winners"])
            totals["worse"] += len(verdict["losers"])
        self.stdout.write(
            f"\n合计：{totals['rows']} 行，{totals['tested']} 行可检验，"
            f"校正后好于随机入场 {totals['better']} 行，不如随机入场 {totals['worse']} 行"
        )

    @staticmethod
    def _row_text(row) -> str:
        stats = row.stats
        head = f"{row.series.symbol:<7} {row.params_text:<26} n={stats.signals:<4}"
        if not stats.enough:
            return head + " 样本太少"
        return (
            f"{head} 差值 {_percent(stats.difference)} "
            f"[{_percent(stats.ci_low)}, {_percent(stats.ci_high)}] p={stats.p_value:.3f} "
            f"校正后 p={row.judged['p_adjusted']:.3f} 扣费后 {_percent(stats.net_mean)} "
            f"{VERDICT_WORDS[row.verdict]}"
        )
