// The lightweight-charts drawing: candles on top, volume under them, the indicator's lines
// below (or over the candles for an overlay such as BOLL), guide lines, zoom and the range.
// LightweightCharts is the library's standalone build, loaded as a classic script first.
import { fixed2, tickText, timeText } from "./format.js";
import { DOWN, LEVEL_COLOR, LEVEL_LIGHT_COLOR, UP, WARMUP_FILL } from "./theme.js";
import { VOLUME_PANE, addVolumeSeries, volumePoints } from "./volume.js";

const MIN_VISIBLE_BARS = 12;
const RIGHT_OFFSET = 3;
// Each series formats its own axis (volume in 万/亿); prices with the site's minus sign.
const PRICE_FORMAT = { type: "custom", formatter: fixed2, minMove: 0.01 };
const INDICATOR_PANE = VOLUME_PANE + 1;

function chartOptions(font) {
  const LWC = LightweightCharts;
  return {
    autoSize: true,
    layout: {
      background: { type: LWC.ColorType.Solid, color: "#ffffff" },
      textColor: "#4e5969",
      fontSize: 12,
      fontFamily: font,
      panes: { separatorColor: "#e5e6eb", separatorHoverColor: "rgba(198, 40, 40, 0.12)", enableResize: true },
      attributionLogo: false, // credited by the text link under the chart instead (see layout.js)
    },
    grid: { vertLines: { color: "#f2f3f5" }, horzLines: { color: "#f2f3f5" } },
    rightPriceScale: { borderColor: "#e5e6eb", minimumWidth: 64 },
    timeScale: {
      borderColor: "#e5e6eb",
      rightOffset: RIGHT_OFFSET,
      fixLeftEdge: true,
      minBarSpacing: 0.5,
      tickMarkFormatter: tickText,
    },
    crosshair: { mode: LWC.CrosshairMode.Normal },
    localization: { locale: "zh-CN", dateFormat: "yyyy-MM-dd", timeFormatter: timeText },
    handleScroll: { mouseWheel: true, pressedMouseMove: true, horzTouchDrag: true, vertTouchDrag: false },
    handleScale: { mouseWheel: true, pinch: true, axisPressedMouseMove: true, axisDoubleClickReset: true },
  };
}

// Below this width the price axis has room for few labels, and the last-price tag would
// sit on one of them; the legend above the chart shows the latest close instead.
const NARROW_CHART = 600;

function candleOptions(narrow) {
  return {
    lastValueVisible: !narrow,
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

// The 预热期 shading: an area at 1 on its own hidden 0..1 scale fills the pane's full height
// over the warm-up bars; it sits under the indicator's lines and reacts to nothing.
function warmupOptions() {
  return {
    priceScaleId: "warmup",
    lineVisible: false,
    topColor: WARMUP_FILL,
    bottomColor: WARMUP_FILL,
    priceLineVisible: false,
    lastValueVisible: false,
    crosshairMarkerVisible: false,
    autoscaleInfoProvider: () => ({ priceRange: { minValue: 0, maxValue: 1 } }),
  };
}

// Histogram bars (MACD's) are coloured by sign: a chart rule, not a fact of the indicator.
function pointFor(date, value, histogram) {
  if (value === null || value === undefined) return { time: date }; // warm-up: keeps the bars aligned
  return histogram ? { time: date, value, color: value >= 0 ? UP : DOWN } : { time: date, value };
}

export class ChartView {
  constructor(node) {
    this.node = node;
    this.chart = null;
    this.lines = new Map(); // output name -> { series, histogram }
    this.priceLines = [];
  }

  create(payload, font) {
    const LWC = LightweightCharts;
    this.chart = LWC.createChart(this.node, chartOptions(font));
    const narrow = this.node.clientWidth < NARROW_CHART;
    this.candles = this.chart.addSeries(LWC.CandlestickSeries, candleOptions(narrow), 0);
    this.candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.08 } });
    this.markers = LWC.createSeriesMarkers(this.candles, []);
    this.volume = addVolumeSeries(this.chart);
    this.warmup = this.chart.addSeries(LWC.AreaSeries, warmupOptions(), payload.overlay ? 0 : INDICATOR_PANE);
    this.warmup.priceScale().applyOptions({ visible: false, scaleMargins: { top: 0, bottom: 0 } });
    const outputs = payload.spec.outputs || [];
    this.addOutputs(outputs, Boolean(payload.overlay));
    const panes = this.chart.panes();
    panes[0].setStretchFactor(0.8);
    panes[VOLUME_PANE].setStretchFactor(0.2);
    if (panes.length > INDICATOR_PANE) {
      panes[0].setStretchFactor(0.55);
      panes[INDICATOR_PANE].setStretchFactor(0.3);
      const first = this.lines.get(outputs[0].name);
      if (first) first.series.priceScale().applyOptions({ scaleMargins: { top: 0.12, bottom: 0.08 } });
    }
  }

  // A convention can draw fewer lines (the intl Stochastic has no J): drop the series the
  // payload no longer lists and add the ones it now does.
  syncOutputs(outputs, overlay) {
    const names = new Set(outputs.map((output) => output.name));
    for (const [name, line] of this.lines) {
      if (names.has(name)) continue;
      this.priceLines = this.priceLines.filter((price) => price.series !== line.series);
      this.chart.removeSeries(line.series);
      this.lines.delete(name);
    }
    this.addOutputs(outputs, overlay);
  }

  // One series per output of the spec, in its own colour and style (none twice).
  addOutputs(outputs, overlay) {
    const LWC = LightweightCharts;
    const pane = overlay ? 0 : INDICATOR_PANE;
    const multi = outputs.length > 1;
    for (const output of outputs) {
      if (this.lines.has(output.name)) continue;
      const histogram = output.style === "histogram";
      const series = histogram
        ? this.chart.addSeries(
            LWC.HistogramSeries,
            { priceFormat: PRICE_FORMAT, priceLineVisible: false, lastValueVisible: false, base: 0 },
            pane
          )
        : this.chart.addSeries(
            LWC.LineSeries,
            {
              color: output.color,
              lineWidth: overlay || multi ? 1 : 2,
              priceFormat: PRICE_FORMAT,
              priceLineVisible: false,
              lastValueVisible: !overlay,
              crosshairMarkerRadius: 3,
            },
            pane
          );
      this.lines.set(output.name, { series, histogram });
    }
  }

  setData(payload, datesChanged) {
    const { dates, bars } = payload;
    this.syncOutputs(payload.spec.outputs || [], Boolean(payload.overlay));
    if (datesChanged) {
      this.candles.setData(
        dates.map((date, i) => ({ time: date, open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i] }))
      );
      this.volume.setData(volumePoints(dates, bars, payload.volume));
    }
    for (const [name, line] of this.lines) {
      const values = (payload.series && payload.series[name]) || [];
      line.series.setData(dates.map((date, i) => pointFor(date, values[i], line.histogram)));
    }
    const warming = (payload.warmup && payload.warmup.bars) || 0;
    this.warmup.setData(dates.map((date, i) => (i < warming ? { time: date, value: 1 } : { time: date })));
  }

  // Dashed guide lines on the first line series of the indicator pane; light ones carry no
  // axis label. An overlay draws none (its lines share the price scale).
  drawLevels(levels, overlay) {
    for (const { series, line } of this.priceLines) series.removePriceLine(line);
    this.priceLines = [];
    if (overlay) return;
    const target = [...this.lines.values()].find((line) => !line.histogram);
    if (!target) return;
    for (const level of levels) {
      const line = target.series.createPriceLine({
        price: level.value,
        color: level.light ? LEVEL_LIGHT_COLOR : LEVEL_COLOR,
        lineWidth: 1,
        lineStyle: LightweightCharts.LineStyle.Dashed,
        axisLabelVisible: !level.light,
        axisLabelColor: "#eef0f3",
        axisLabelTextColor: "#4e5969",
        title: "",
      });
      this.priceLines.push({ series: target.series, line });
    }
  }

  visibleBarsForWidth() {
    const width = this.node.clientWidth || 600;
    const plot = Math.max(200, width - 70);
    return Math.max(40, Math.min(120, Math.round(plot / 6)));
  }

  showRecent(count) {
    const bars = this.visibleBarsForWidth();
    if (count <= bars) this.chart.timeScale().fitContent();
    else this.chart.timeScale().setVisibleLogicalRange({ from: count - bars, to: count - 1 + RIGHT_OFFSET });
  }

  showAll() {
    this.chart.timeScale().fitContent();
  }

  zoom(factor, count) {
    const ts = this.chart.timeScale();
    const range = ts.getVisibleLogicalRange();
    if (!range) return;
    const width = Math.max(MIN_VISIBLE_BARS, Math.min(count + RIGHT_OFFSET, (range.to - range.from) * factor));
    // Keep the right edge where it is when it shows the latest bar, otherwise zoom about the middle.
    const atEnd = range.to >= count - 1;
    const to = atEnd ? range.to : (range.from + range.to) / 2 + width / 2;
    ts.setVisibleLogicalRange({ from: to - width, to });
  }

  get visibleRange() {
    return this.chart.timeScale().getVisibleLogicalRange();
  }

  set visibleRange(range) {
    this.chart.timeScale().setVisibleLogicalRange(range);
  }

  // onView: the visible range or size changed; onHover(param): the crosshair moved;
  // onTap(param): a touch tap (a tap only "clicks": the crosshair needs a long press).
  subscribe({ onView, onHover, onTap }) {
    const ts = this.chart.timeScale();
    ts.subscribeVisibleLogicalRangeChange(onView);
    ts.subscribeSizeChange(onView);
    this.chart.subscribeCrosshairMove(onHover);
    let pointerType = "";
    this.node.addEventListener("pointerdown", (event) => (pointerType = event.pointerType), {
      capture: true,
      passive: true,
    });
    this.chart.subscribeClick((param) => {
      if (pointerType === "touch") onTap(param);
    });
  }

  // Put the crosshair on a bar, as a mouse over it would.
  pointAt(price, date) {
    this.chart.setCrosshairPosition(price, date, this.candles);
  }
}

// The bar under the pointer in a crosshair or click event, or null off the data.
export function barIndex(param, count) {
  if (!param || param.time === undefined || param.logical === undefined) return null;
  const i = Math.round(param.logical);
  return i >= 0 && i < count ? i : null;
}
