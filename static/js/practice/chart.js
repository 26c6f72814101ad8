// The round's chart: candles on top, the chosen indicator below (or over the candles for an
// overlay such as BOLL). During play the time axis counts days, never dates; after the
// reveal the same bars are labelled with their real dates.
// LightweightCharts is the library's standalone build, loaded as a classic script first.
import { fixed2 } from "../demo/format.js";
import { DOWN, UP } from "../demo/theme.js";

const DAY = 86400;
const BASE = 20 * 365 * DAY; // any fixed origin: times are only used to order the bars
const PRICE_FORMAT = { type: "price", precision: 2, minMove: 0.01 };

export const timeOf = (index) => BASE + index * DAY;
const indexOf = (time) => Math.round((time - BASE) / DAY);

function options(font, label) {
  const LWC = LightweightCharts;
  return {
    autoSize: true,
    layout: {
      background: { type: LWC.ColorType.Solid, color: "#ffffff" },
      textColor: "#4e5969",
      fontSize: 12,
      fontFamily: font,
      panes: { separatorColor: "#e5e6eb", enableResize: false },
      attributionLogo: false, // credited by the text link under the chart
    },
    grid: { vertLines: { color: "#f2f3f5" }, horzLines: { color: "#f2f3f5" } },
    rightPriceScale: { borderColor: "#e5e6eb", minimumWidth: 56 },
    timeScale: { borderColor: "#e5e6eb", rightOffset: 2, fixLeftEdge: true, tickMarkFormatter: (time) => label(indexOf(time)) },
    crosshair: { mode: LWC.CrosshairMode.Normal },
    localization: { locale: "zh-CN", timeFormatter: (time) => label(indexOf(time)), priceFormatter: fixed2 },
    // A phone page must still scroll vertically over the chart; sideways drags pan it.
    handleScroll: { mouseWheel: false, pressedMouseMove: true, horzTouchDrag: true, vertTouchDrag: false },
    handleScale: { mouseWheel: false, pinch: true, axisPressedMouseMove: false },
  };
}

function candleOptions() {
  return {
    upColor: UP,
    downColor: DOWN,
    borderUpColor: UP,
    borderDownColor: DOWN,
    wickUpColor: UP,
    wickDownColor: DOWN,
    priceFormat: PRICE_FORMAT,
    priceLineVisible: false,
  };
}

function lineSeries(chart, line, pane, overlay) {
  const LWC = LightweightCharts;
  if (line.style === "histogram") {
    return chart.addSeries(LWC.HistogramSeries, { priceFormat: PRICE_FORMAT, priceLineVisible: false, lastValueVisible: false, base: 0 }, pane);
  }
  return chart.addSeries(
    LWC.LineSeries,
    { color: line.color, lineWidth: overlay ? 1 : 2, priceFormat: PRICE_FORMAT, priceLineVisible: false, lastValueVisible: !overlay, crosshairMarkerRadius: 3 },
    pane
  );
}

function point(index, value, histogram) {
  if (value === null || value === undefined) return { time: timeOf(index) }; // warm-up gap
  const time = timeOf(index);
  return histogram ? { time, value, color: value >= 0 ? UP : DOWN } : { time, value };
}

export class RoundChart {
  // indicator: null, or { lines: [{ name, label, color, style }], overlay }
  constructor(node, indicator) {
    this.node = node;
    this.dates = null;
    const font = window.getComputedStyle(node).fontFamily;
    this.chart = LightweightCharts.createChart(node, options(font, (i) => this.label(i)));
    this.candles = this.chart.addSeries(LightweightCharts.CandlestickSeries, candleOptions(), 0);
    this.markers = LightweightCharts.createSeriesMarkers(this.candles, []);
    this.lines = new Map();
    if (indicator) this.addIndicator(indicator);
  }

  addIndicator(indicator) {
    const pane = indicator.overlay ? 0 : 1;
    for (const line of indicator.lines) {
      this.lines.set(line.name, { series: lineSeries(this.chart, line, pane, indicator.overlay), histogram: line.style === "histogram" });
    }
    const panes = this.chart.panes();
    if (panes.length > 1) {
      panes[0].setStretchFactor(0.66);
      panes[1].setStretchFactor(0.34);
    }
  }

  remove() {
    this.chart.remove();
  }

  label(index) {
    if (this.dates && this.dates[index]) return this.dates[index];
    return `第 ${index + 1} 天`;
  }

  // bars: [{ open, high, low, close }] from the first visible day; series: { name: [values] }
  show(bars, series) {
    this.candles.setData(bars.map((bar, i) => ({ time: timeOf(i), open: bar.open, high: bar.high, low: bar.low, close: bar.close })));
    for (const [name, line] of this.lines) {
      const values = (series && series[name]) || [];
      line.series.setData(bars.map((_, i) => point(i, values[i], line.histogram)));
    }
    this.showRecent(bars.length);
  }

  // In play, as many recent days as stay readable (about 5 px a candle, so a phone shows
  // about 60 and a desktop all of them); older ones are a drag away. Revealed: all.
  showRecent(count) {
    const plot = Math.max(200, (this.node.clientWidth || 600) - 70);
    const fit = Math.max(30, Math.round(plot / 5));
    if (this.dates || count <= fit) this.chart.timeScale().fitContent();
    else this.chart.timeScale().setVisibleLogicalRange({ from: count - fit, to: count + 1 });
  }

  // After the reveal: real dates on the axis.
  labelDates(dates) {
    this.dates = dates;
    // A new formatter makes the chart draw its ticks again.
    this.chart.applyOptions({ timeScale: { tickMarkFormatter: (time) => this.label(indexOf(time)) } });
  }

  // trades: [{ day, side: "buy" | "sell", price }] (day: index of the fill bar) -> arrows under buys and over sales
  markTrades(trades) {
    this.markers.setMarkers(
      trades.map((trade) => ({
        time: timeOf(trade.day),
        position: trade.side === "buy" ? "belowBar" : "aboveBar",
        shape: trade.side === "buy" ? "arrowUp" : "arrowDown",
        color: trade.side === "buy" ? UP : DOWN,
        text: trade.side === "buy" ? "买" : "卖",
      }))
    );
  }
}

// Equity curves (each starts at 1): the reader's, buy-and-hold and the textbook rule.
export class EquityChart {
  constructor(node, dates) {
    const font = window.getComputedStyle(node).fontFamily;
    const label = (i) => dates[i] || `第 ${i + 1} 天`;
    this.chart = LightweightCharts.createChart(node, options(font, label));
    this.chart.applyOptions({ localization: { locale: "zh-CN", timeFormatter: (t) => label(indexOf(t)), priceFormatter: (v) => fixed2(v) } });
  }

  // curves: [{ label, color, values: [growth of 100] }]
  show(curves) {
    for (const curve of curves) {
      const series = this.chart.addSeries(LightweightCharts.LineSeries, {
        color: curve.color,
        lineWidth: curve.width || 2,
        lineStyle: curve.dashed ? LightweightCharts.LineStyle.Dashed : LightweightCharts.LineStyle.Solid,
        priceFormat: PRICE_FORMAT,
        priceLineVisible: false,
        title: curve.label,
      });
      series.setData(curve.values.map((value, i) => ({ time: timeOf(i), value })));
    }
    this.chart.timeScale().fitContent();
  }
}
