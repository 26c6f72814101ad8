"""Print the 信号实验室 verdicts: every signal kind, on every stored series, every setting."""

from django.core.management.base import BaseCommand, CommandError

from indicators import lab
from indicators.library.stats import DEFAULT_HORIZON, HORIZONS


def _percent(value: float) -> str:
    return f"{value * 100:+.2f}%"


class Command(BaseCommand):
    help = "Compare every indicator signal with random entry days, as /indicators/lab/ does."

    def add_arguments(self, parser):
        parser.add_argument("--horizon", type=int, default=DEFAULT_HORIZON, choices=HORIZONS)
        parser.add_argument("--signal", help="only this signal, e.g. macd.golden_cross")

    def handle(self, *args, horizon, signal=None, **options):
        signals = lab.all_signals()
        if signal:
            signals = [s for s in signals if s.key == signal]
            if not signals:
                raise CommandError(f"unknown signal {signal!r}")
        for chosen in signals:
            rows = lab.lab_rows(chosen, horizon)
            self.stdout.write(f"\n{chosen.spec.label} · {chosen.kind.name} · {horizon} 日")
            for row in rows:
                self.stdout.write("  " + self._row_text(row))
            verdict = lab.verdict(rows)
            if verdict["too_few"]:
                self.stdout.write("  → 样本太少，无法下结论")
            elif verdict["none_beat"]:
                self.stdout.write("  → 没有任何设置好过随机入场")
            else:
                names = ", ".join(f"{r.series.symbol}({r.params_text})" for r in verdict["winners"])
                self.stdout.write(
                    f"  → {len(verdict['winners'])}/{verdict['comparable']} 组好于随机入场："
                    f"{names}（纯属运气约 {verdict['expected_by_luck']} 组）"
                )

    @staticmethod
    def _row_text(row) -> str:
        stats = row.stats
        head = f"{row.series.symbol:<7} {row.params_text:<26} n={stats.signals:<4}"
        if not stats.enough:
            return head + " 样本太少"
        mark = "✓ 好于随机入场" if row.beats_base else "  看不出优势"
        return (
            f"{head} 差值 {_percent(stats.difference)} "
            f"[{_percent(stats.ci_low)}, {_percent(stats.ci_high)}] p={stats.p_value:.3f} "
            f"扣费后 {_percent(stats.net_mean)} {mark}"
        )
