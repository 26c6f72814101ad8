// The volume pane under the candles, as every broker chart has one: a histogram of each
// day's volume, red when the day closed up and green when it closed down (the Chinese
// colours, the same as the candles'). Days with no volume in the file leave a gap.
import { VOLUME_DOWN, VOLUME_UP } from "./theme.js";

export const VOLUME_PANE = 1;

// 6.79万, 1.23亿: volume as Chinese quotes write it; small counts stay whole.
export function volumeText(value) {
  if (value === null || value === undefined || !isFinite(value)) return "—";
  const size = Math.abs(value);
  if (size >= 1e8) return (value / 1e8).toFixed(2) + "亿";
  if (size >= 1e4) return (value / 1e4).toFixed(2) + "万";
  return String(Math.round(value));
}

export function addVolumeSeries(chart) {
  const series = chart.addSeries(
    LightweightCharts.HistogramSeries,
    {
      priceFormat: { type: "custom", formatter: volumeText, minMove: 1 },
      priceLineVisible: false,
      lastValueVisible: false,
      base: 0,
    },
    VOLUME_PANE
  );
  series.priceScale().applyOptions({ scaleMargins: { top: 0.18, bottom: 0 } });
  return series;
}

// One bar per date; `volume` may be missing (an answer cached before volumes were sent).
export function volumePoints(dates, bars, volume) {
  return dates.map((date, i) => {
    const value = volume ? volume[i] : null;
    if (value === null || value === undefined) return { time: date };
    return { time: date, value, color: bars.close[i] >= bars.open[i] ? VOLUME_UP : VOLUME_DOWN };
  });
}
