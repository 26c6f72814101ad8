// Live indicator demos in articles: turns each <figure class="indicator-demo"> rendered by
// templates/indicators/embed.html into a candlestick chart with the indicator below it,
// parameter controls, a cn/intl switch and the textbook signals. Parameter limits come from
// the API's "spec" field, never from this file. Settings that differ from the embed's own
// are kept in the page URL as ?<demo id>.<param>=<value> so a shared link reopens them.
(function () {
  "use strict";

  const LWC = window.LightweightCharts;
  const figures = Array.prototype.slice.call(document.querySelectorAll("figure.indicator-demo[data-api]"));
  if (!figures.length) return;
  if (!LWC || typeof LWC.createChart !== "function" || !window.fetch || !window.AbortController) {
    return; // the static explanation stays visible
  }

  // Chinese convention: red is up, green is down. The *_TEXT shades pass WCAG AA on white.
  const UP = "#e03131";
  const DOWN = "#2f9e44";
  const UP_TEXT = "#c92a2a";
  const DOWN_TEXT = "#237032";
  const NEUTRAL = "#e67700";
  const LEVEL_COLOR = "#8a919c";
  const LINE_COLORS = {
    dif: "#1d4ed8",
    dea: "#f59f00",
    k: "#1d4ed8",
    d: "#f59f00",
    j: "#9c36b5",
    mid: "#f59f00",
    upper: "#1d4ed8",
    lower: "#1d4ed8",
  };
  const PALETTE = ["#1d4ed8", "#f59f00", "#9c36b5", "#0c8599"];
  const CONVENTIONS = [
    { value: "cn", label: "国内口径" },
    { value: "intl", label: "国际口径" },
  ];
  // Phones and tablets: no Ctrl key or mouse wheel to tell the reader about.
  const TOUCH_ONLY = Boolean(window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches);
  const DEBOUNCE_MS = 150;
  const MIN_VISIBLE_BARS = 12;
  const RIGHT_OFFSET = 3;
  const SIGNALS_LISTED = 5;
  const MARKER_TEXT_GAP = 30; // px between marker tags on the same side of the bars
  const MARKER_TEXT_EDGE = 16; // px: a tag centred closer than this to a plot edge gets cut off

  // Signal kinds from indicators/signals.py -> marker direction and a two-to-four character tag.
  const SIGNAL_STYLES = {
    golden_cross: { dir: 1, tag: "金叉" },
    death_cross: { dir: -1, tag: "死叉" },
    oversold: { dir: 1, tag: "超卖" },
    overbought: { dir: -1, tag: "超买" },
    cross_above_100: { dir: 1, tag: "+100" },
    cross_below_100: { dir: -1, tag: "+100" },
    cross_above_minus_100: { dir: 1, tag: "-100" },
    cross_below_minus_100: { dir: -1, tag: "-100" },
    cross_above_upper: { dir: 1, tag: "上轨" },
    cross_below_lower: { dir: -1, tag: "下轨" },
  };

  function signalStyle(kind) {
    const known = SIGNAL_STYLES[kind];
    if (known) return known;
    const text = String(kind || "");
    if (/golden|above|oversold|_up$|buy/.test(text)) return { dir: 1, tag: "信号" };
    if (/death|below|overbought|_down$|sell/.test(text)) return { dir: -1, tag: "信号" };
    return { dir: 0, tag: "信号" };
  }

  // Horizontal guide lines in the indicator pane; light ones carry no axis label.
  function referenceLevels(indicator, convention) {
    switch (indicator) {
      case "cci":
        return [{ price: 100 }, { price: -100 }, { price: 0, light: true }];
      case "rsi":
        return [{ price: 70 }, { price: 30 }];
      case "wr":
      case "williams_r":
        return convention === "intl" ? [{ price: -20 }, { price: -80 }] : [{ price: 20 }, { price: 80 }];
      case "kdj":
        return [{ price: 80 }, { price: 20 }, { price: 100, light: true }, { price: 0, light: true }];
      case "bias":
        return [{ price: 0 }];
      case "macd":
        return [{ price: 0, light: true }];
      default:
        return [];
    }
  }

  // ------------------------------------------------------------------ small helpers

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        const value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") node.textContent = value;
        else if (key === "className") node.className = value;
        else node.setAttribute(key, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function pad2(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // lightweight-charts hands times back as "YYYY-MM-DD", {year, month, day} or a UTC timestamp.
  function timeText(time) {
    if (typeof time === "string") return time;
    if (typeof time === "number") {
      const d = new Date(time * 1000);
      return d.getUTCFullYear() + "-" + pad2(d.getUTCMonth() + 1) + "-" + pad2(d.getUTCDate());
    }
    if (time && time.year) return time.year + "-" + pad2(time.month) + "-" + pad2(time.day);
    return "";
  }

  function tickText(time, type) {
    const full = timeText(time);
    if (!full) return null;
    if (type === LWC.TickMarkType.Year) return full.slice(0, 4);
    if (type === LWC.TickMarkType.Month) return full.slice(0, 7);
    return full.slice(5);
  }

  function fixed2(value) {
    if (value === null || value === undefined || !isFinite(value)) return "—";
    const text = Number(value).toFixed(2);
    return text === "-0.00" ? "0.00" : text;
  }

  function numberText(value) {
    // Shortest faithful text for a parameter value (2 -> "2", 2.5 -> "2.5").
    return String(Number(value));
  }

  function sameNumber(a, b) {
    return Number(a) === Number(b);
  }

  // "MACD 指数平滑…" -> "MACD"; a one-line indicator goes by its line's name ("WR", not "Williams %R").
  function shortLabel(label, outputs) {
    if (outputs && outputs.length === 1 && outputs[0].label) return outputs[0].label;
    return String(label || "").split(/\s+(?=[\u3400-\u9fff])/)[0].trim();
  }

  function parseJsonAttr(text) {
    try {
      const value = JSON.parse(text || "{}");
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (err) {
      return {};
    }
  }

  // ------------------------------------------------------------------ URL state

  function decodePart(text) {
    try {
      return decodeURIComponent(text.replace(/\+/g, " "));
    } catch (err) {
      return null;
    }
  }

  function readUrlState(demoId) {
    const prefix = demoId + ".";
    const found = {};
    location.search
      .replace(/^\?/, "")
      .split("&")
      .forEach(function (part) {
        if (!part) return;
        const eq = part.indexOf("=");
        const key = decodePart(eq < 0 ? part : part.slice(0, eq));
        if (!key || key.indexOf(prefix) !== 0) return;
        const value = decodePart(eq < 0 ? "" : part.slice(eq + 1));
        if (value !== null) found[key.slice(prefix.length)] = value;
      });
    return found;
  }

  // Rewrites only this demo's keys; every other query part keeps its exact bytes, and the hash stays.
  function writeUrlState(demoId, pairs) {
    const prefix = demoId + ".";
    const kept = location.search
      .replace(/^\?/, "")
      .split("&")
      .filter(function (part) {
        if (!part) return false;
        const eq = part.indexOf("=");
        const key = decodePart(eq < 0 ? part : part.slice(0, eq));
        return key === null || key.indexOf(prefix) !== 0;
      });
    pairs.forEach(function (pair) {
      kept.push(encodeURIComponent(prefix + pair[0]) + "=" + encodeURIComponent(pair[1]));
    });
    const url = location.pathname + (kept.length ? "?" + kept.join("&") : "") + location.hash;
    if (url !== location.pathname + location.search + location.hash) {
      try {
        history.replaceState(history.state, "", url);
      } catch (err) {
        /* some embedded browsers refuse; the demo still works */
      }
    }
    return url;
  }

  // ------------------------------------------------------------------ one demo

  function Demo(figure) {
    this.figure = figure;
    this.id = figure.getAttribute("data-demo-id") || figure.id || "d";
    this.indicator = figure.getAttribute("data-indicator") || "";
    this.symbol = figure.getAttribute("data-symbol") || "";
    this.api = figure.getAttribute("data-api");
    const convention = figure.getAttribute("data-convention");
    this.base = {
      params: parseJsonAttr(figure.getAttribute("data-params")),
      convention: convention === "intl" ? "intl" : "cn",
    };
    this.paramNames = Object.keys(this.base.params);
    this.spec = null;
    this.data = null;
    this.applied = null; // settings of the chart on screen
    this.pending = null; // { key, controller } of the request in flight
    this.timer = 0;
    this.hoverIndex = null;
    this.inputs = {};
    this.errorNodes = {};
    this.series = {};
    this.priceLines = [];
    this.signalsByDate = new Map();
    this.pendingNote = "";
  }

  Demo.prototype.build = function () {
    const id = this.id;
    const prefix = "demo-" + id;
    const caption = this.figure.querySelector("figcaption");
    const short = shortLabel((caption && caption.textContent.split("·")[0]) || this.indicator.toUpperCase());

    this.head = el("p", { className: "demo-head" }, [
      el("span", { className: "demo-badge", text: "互动演示" }),
      el("span", { className: "demo-head-text", text: short + " · " + this.symbol + " 日线" }),
    ]);

    // Controls: one number input per parameter (limits filled in from the spec), convention, reset.
    this.form = el("form", { className: "demo-controls", novalidate: true, "aria-label": "演示参数" });
    this.paramNames.forEach(function (name) {
      const inputId = prefix + "-" + name;
      const input = el("input", {
        type: "number",
        id: inputId,
        name: name,
        inputmode: "numeric",
        autocomplete: "off",
        disabled: true,
        "aria-describedby": prefix + "-err-" + name,
      });
      input.value = numberText(this.base.params[name]);
      const labelText = el("span", { className: "demo-label-text", text: name });
      const label = el("label", { for: inputId }, [labelText]);
      this.inputs[name] = { input: input, label: labelText, spec: null };
      this.form.appendChild(el("div", { className: "demo-field" }, [label, input]));
    }, this);

    const seg = el("div", { className: "demo-seg" });
    this.radios = {};
    CONVENTIONS.forEach(function (conv) {
      const radio = el("input", {
        type: "radio",
        name: prefix + "-convention",
        value: conv.value,
        className: "demo-sr-only",
        disabled: true,
      });
      this.radios[conv.value] = radio;
      seg.appendChild(el("label", { className: "demo-seg-option" }, [radio, el("span", { text: conv.label })]));
    }, this);
    this.form.appendChild(
      el("fieldset", { className: "demo-field demo-convention" }, [
        el("legend", { className: "demo-label-text", text: "计算口径" }),
        seg,
      ])
    );
    this.resetButton = el("button", { type: "button", className: "demo-button demo-reset", text: "恢复默认", disabled: true });
    this.form.appendChild(el("div", { className: "demo-field demo-actions" }, [this.resetButton]));

    this.errorBox = el("div", { className: "demo-errors" });
    this.paramNames.forEach(function (name) {
      const node = el("p", { className: "demo-error", id: prefix + "-err-" + name, "aria-live": "polite" });
      this.errorNodes[name] = node;
      this.errorBox.appendChild(node);
    }, this);
    this.noteNode = el("p", { className: "demo-note", "aria-live": "polite" });
    this.errorBox.appendChild(this.noteNode);

    // Legend: date and prices, indicator values, and the signal (or a hint) for that day.
    this.legendPrice = el("div", { className: "demo-legend-row" });
    this.legendValues = el("div", { className: "demo-legend-row" });
    this.legendSignal = el("div", { className: "demo-legend-row demo-legend-signal" });
    this.legend = el("div", { className: "demo-legend" }, [this.legendPrice, this.legendValues, this.legendSignal]);

    this.chartNode = el("div", { className: "demo-chart", role: "img", "aria-label": "K 线与指标图（加载中）" });
    this.statusNode = el("div", { className: "demo-status", role: "status", "aria-live": "polite" });
    this.hintNode = el("div", { className: "demo-wheel-hint", "aria-hidden": "true", text: "按住 Ctrl 键再滚动滚轮可缩放图表" });
    this.chartWrap = el("div", { className: "demo-chart-wrap is-loading" }, [this.chartNode, this.statusNode, this.hintNode]);

    const tool = function (text, label) {
      return el("button", { type: "button", className: "demo-button demo-tool", text: text, "aria-label": label || null, disabled: true });
    };
    this.zoomIn = tool("放大", "放大图表");
    this.zoomOut = tool("缩小", "缩小图表");
    this.recentButton = tool("最近", "显示最近的 K 线");
    this.allButton = tool("全部", "显示全部 K 线");
    this.toolbar = el("div", { className: "demo-toolbar" }, [
      el("p", { className: "demo-hint", text: TOUCH_ONLY ? "左右拖动平移，双指缩放" : "左右拖动平移，双指或 Ctrl+滚轮缩放" }),
      el("div", { className: "demo-tools" }, [this.zoomIn, this.zoomOut, this.recentButton, this.allButton]),
    ]);

    this.signalTitleId = prefix + "-signals";
    this.signalList = el("ul", { className: "demo-signal-list", "aria-labelledby": this.signalTitleId });
    this.signalsBox = el("div", { className: "demo-signals" }, [
      el("p", { className: "demo-signals-title", id: this.signalTitleId, text: "最近的信号" }),
      this.signalList,
    ]);

    this.live = el("div", { className: "demo-live" }, [
      this.head,
      this.form,
      this.errorBox,
      this.legend,
      this.chartWrap,
      this.toolbar,
      this.signalsBox,
      el("p", { className: "demo-credit" }, [
        "图表绘制：",
        el("a", { href: "https://www.tradingview.com/", rel: "noopener", target: "_blank", text: "TradingView Lightweight Charts™" }),
      ]),
    ]);
    this.figure.insertBefore(this.live, caption && caption.parentNode === this.figure ? caption : null);
    this.figure.classList.add("is-live");
    this.bindEvents();
  };

  Demo.prototype.bindEvents = function () {
    const self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.update();
    });
    this.paramNames.forEach(function (name) {
      self.inputs[name].input.addEventListener("input", function () {
        clearTimeout(self.timer);
        self.timer = setTimeout(function () {
          self.update();
        }, DEBOUNCE_MS);
      });
    });
    Object.keys(this.radios).forEach(function (value) {
      self.radios[value].addEventListener("change", function () {
        self.update();
      });
    });
    this.resetButton.addEventListener("click", function () {
      self.setForm(self.base);
      self.update();
    });
    this.zoomIn.addEventListener("click", function () {
      self.zoom(0.6);
    });
    this.zoomOut.addEventListener("click", function () {
      self.zoom(1 / 0.6);
    });
    this.recentButton.addEventListener("click", function () {
      self.showRecent();
    });
    this.allButton.addEventListener("click", function () {
      if (self.chart) self.chart.timeScale().fitContent();
    });
    // A plain vertical wheel scrolls the article, not the chart; Ctrl/⌘ + wheel (and a
    // trackpad pinch, which browsers report as Ctrl + wheel) zooms; sideways swipes pan.
    let hintTimer = 0;
    this.chartNode.addEventListener(
      "wheel",
      function (event) {
        if (event.ctrlKey || event.metaKey) return;
        if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) return;
        event.stopPropagation();
        self.hintNode.classList.add("is-shown");
        clearTimeout(hintTimer);
        hintTimer = setTimeout(function () {
          self.hintNode.classList.remove("is-shown");
        }, 1200);
      },
      { capture: true, passive: true }
    );
  };

  // ------------------------------------------------------------------ form state

  Demo.prototype.setForm = function (settings) {
    this.paramNames.forEach(function (name) {
      if (name in settings.params) this.inputs[name].input.value = numberText(settings.params[name]);
    }, this);
    Object.keys(this.radios).forEach(function (value) {
      this.radios[value].checked = value === settings.convention;
    }, this);
  };

  function checkParam(p, input) {
    if (!p) return { value: Number(input.value) };
    const raw = input.value.trim();
    if (input.validity && input.validity.badInput) return { error: "请输入数字" };
    if (raw === "") return { error: "请填写" + p.label };
    const value = Number(raw);
    if (!isFinite(value)) return { error: "请输入数字" };
    const range = p.min_exclusive
      ? "须大于 " + p.min + "、不大于 " + p.max
      : "须在 " + p.min + "~" + p.max + " 之间";
    if (p.integer && Math.floor(value) !== value) return { error: p.label + "须为整数，" + range };
    const tooLow = p.min_exclusive ? value <= p.min : value < p.min;
    if (tooLow || value > p.max) return { error: p.label + range };
    return { value: value };
  }

  Demo.prototype.readForm = function () {
    const params = {};
    const errors = {};
    this.paramNames.forEach(function (name) {
      const entry = this.inputs[name];
      const result = checkParam(entry.spec, entry.input);
      if (result.error) errors[name] = result.error;
      else params[name] = result.value;
    }, this);
    // Optional cross-parameter rules from the spec, e.g. {"param": "fast", "less_than": "slow",
    // "message": "…"}; without them the API's 400 answer reports the same problem.
    const rules = (this.spec && this.spec.constraints) || [];
    rules.forEach(function (rule) {
      const a = params[rule.param];
      const b = params[rule.less_than];
      if (a === undefined || b === undefined || errors[rule.param] || a < b) return;
      const label = function (name) {
        return (this.inputs[name] && this.inputs[name].spec && this.inputs[name].spec.label) || name;
      }.bind(this);
      errors[rule.param] = rule.message || label(rule.param) + "须小于" + label(rule.less_than);
    }, this);
    const convention = this.radios.intl.checked ? "intl" : "cn";
    return { settings: { params: params, convention: convention }, errors: errors };
  };

  Demo.prototype.showErrors = function (errors, note) {
    this.paramNames.forEach(function (name) {
      const message = errors[name] || "";
      const input = this.inputs[name].input;
      const node = this.errorNodes[name];
      if (node.textContent !== message) node.textContent = message;
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }, this);
    this.noteNode.textContent = note || "";
  };

  Demo.prototype.key = function (settings) {
    return (
      settings.convention +
      "|" +
      this.paramNames
        .map(function (name) {
          return name + "=" + numberText(settings.params[name]);
        })
        .join("&")
    );
  };

  Demo.prototype.requestUrl = function (settings) {
    const query = ["symbol=" + encodeURIComponent(this.symbol), "convention=" + encodeURIComponent(settings.convention)];
    this.paramNames.forEach(function (name) {
      query.push(encodeURIComponent(name) + "=" + encodeURIComponent(numberText(settings.params[name])));
    });
    return this.api + (this.api.indexOf("?") < 0 ? "?" : "&") + query.join("&");
  };

  // Called (debounced) whenever a control changes.
  Demo.prototype.update = function () {
    clearTimeout(this.timer);
    if (!this.spec) return;
    const read = this.readForm();
    if (Object.keys(read.errors).length) {
      this.showErrors(read.errors, "图表仍显示上一次的有效参数。");
      this.abort();
      this.setStatus("");
      return;
    }
    const key = this.key(read.settings);
    if (this.pending && this.pending.key === key) return;
    if (!this.pending && this.applied && this.key(this.applied) === key) {
      this.showErrors({});
      return;
    }
    this.load(read.settings, {});
  };

  Demo.prototype.abort = function () {
    if (this.pending) {
      this.pending.controller.abort();
      this.pending = null;
    }
    this.chartWrap.classList.remove("is-updating");
  };

  // ------------------------------------------------------------------ fetching

  Demo.prototype.load = async function (settings, options) {
    options = options || {};
    this.abort();
    const controller = new AbortController();
    const pending = { key: this.key(settings), controller: controller };
    this.pending = pending;
    if (this.data) {
      this.chartWrap.classList.add("is-updating");
      this.setStatus("更新中…");
    } else {
      this.figure.classList.remove("is-failed");
      this.chartWrap.classList.add("is-loading");
      this.setStatus("加载中…");
    }
    let response = null;
    let body = null;
    try {
      response = await fetch(this.requestUrl(settings), {
        signal: controller.signal,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      body = await response.json().catch(function () {
        return null;
      });
    } catch (err) {
      if (controller.signal.aborted || this.pending !== pending) return;
      this.pending = null;
      this.fail("网络连接失败，请检查网络后重试。", settings);
      return;
    }
    if (this.pending !== pending || controller.signal.aborted) return;
    this.pending = null;
    this.chartWrap.classList.remove("is-updating");
    if (response.ok && body && Array.isArray(body.dates)) {
      this.apply(body, settings);
      return;
    }
    if (response.status === 400 && body && body.error) {
      this.rejected(body.error, settings, options);
      return;
    }
    this.fail("数据暂时无法加载（HTTP " + response.status + "），请稍后重试。", settings);
  };

  Demo.prototype.rejected = function (error, settings, options) {
    const param = error.param;
    const message = error.message || "参数无效";
    if (options.fromUrl) {
      // A stale or hand-edited link: fall back to the article's own settings.
      this.setForm(this.base);
      writeUrlState(this.id, []);
      this.pendingNote = "链接里的演示参数无效（" + message + "），已改用文章的默认设置。";
      this.load(this.base, {});
      return;
    }
    if (!this.data) {
      this.fail(message, settings);
      return;
    }
    const errors = {};
    let note = "图表仍显示上一次的有效参数。";
    if (param && this.inputs[param]) errors[param] = message;
    else note = message + " " + note;
    this.showErrors(errors, note);
    this.setStatus("");
  };

  Demo.prototype.fail = function (message, settings) {
    this.chartWrap.classList.remove("is-updating", "is-loading");
    const self = this;
    const retry = el("button", { type: "button", className: "demo-button", text: "重试" });
    retry.addEventListener("click", function () {
      self.load(settings, {});
    });
    this.statusNode.textContent = "";
    this.statusNode.appendChild(el("span", { text: message + (this.data ? " 图表仍显示上一次的结果。" : "") }));
    this.statusNode.appendChild(retry);
    this.chartWrap.classList.add("is-failed");
    if (!this.data) this.figure.classList.add("is-failed"); // show the static explanation again
  };

  Demo.prototype.setStatus = function (text) {
    this.chartWrap.classList.remove("is-failed");
    this.statusNode.textContent = text;
    this.chartWrap.classList.toggle("has-status", Boolean(text));
  };

  // ------------------------------------------------------------------ drawing

  Demo.prototype.applySpec = function (spec) {
    this.spec = spec;
    const byName = {};
    (spec.params || []).forEach(function (p) {
      byName[p.name] = p;
    });
    this.paramNames.forEach(function (name) {
      const entry = this.inputs[name];
      const p = byName[name];
      entry.spec = p || null;
      entry.input.disabled = false;
      if (!p) return;
      entry.label.textContent = p.label;
      entry.label.appendChild(el("span", { className: "demo-param-key", text: name }));
      const step = p.integer ? 1 : 0.1;
      entry.input.step = String(step);
      entry.input.min = String(p.min_exclusive ? p.min + step : p.min);
      entry.input.max = String(p.max);
      entry.input.inputMode = p.integer ? "numeric" : "decimal";
    }, this);
    Object.keys(this.radios).forEach(function (value) {
      this.radios[value].disabled = false;
    }, this);
    [this.resetButton, this.zoomIn, this.zoomOut, this.recentButton, this.allButton].forEach(function (button) {
      button.disabled = false;
    });
  };

  Demo.prototype.createChart = function (payload) {
    const overlay = Boolean(payload.overlay);
    const font = window.getComputedStyle(this.figure).fontFamily;
    this.chart = LWC.createChart(this.chartNode, {
      autoSize: true,
      layout: {
        background: { type: LWC.ColorType.Solid, color: "#ffffff" },
        textColor: "#4e5969",
        fontSize: 12,
        fontFamily: font,
        panes: { separatorColor: "#e5e6eb", separatorHoverColor: "rgba(198, 40, 40, 0.12)", enableResize: true },
        attributionLogo: false, // credited by the text link under the chart instead (see build)
      },
      grid: {
        vertLines: { color: "#f2f3f5" },
        horzLines: { color: "#f2f3f5" },
      },
      rightPriceScale: { borderColor: "#e5e6eb", minimumWidth: 64 },
      timeScale: {
        borderColor: "#e5e6eb",
        rightOffset: RIGHT_OFFSET,
        fixLeftEdge: true,
        minBarSpacing: 0.5,
        tickMarkFormatter: tickText,
      },
      crosshair: { mode: LWC.CrosshairMode.Normal },
      localization: {
        locale: "zh-CN",
        dateFormat: "yyyy-MM-dd",
        timeFormatter: timeText,
        priceFormatter: fixed2,
      },
      handleScroll: { mouseWheel: true, pressedMouseMove: true, horzTouchDrag: true, vertTouchDrag: false },
      handleScale: { mouseWheel: true, pinch: true, axisPressedMouseMove: true, axisDoubleClickReset: true },
    });

    const priceFormat = { type: "price", precision: 2, minMove: 0.01 };
    this.candles = this.chart.addSeries(
      LWC.CandlestickSeries,
      {
        upColor: UP,
        downColor: DOWN,
        borderUpColor: UP,
        borderDownColor: DOWN,
        wickUpColor: UP,
        wickDownColor: DOWN,
        priceFormat: priceFormat,
        priceLineVisible: false,
      },
      0
    );
    this.candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.08 } });
    this.markers = LWC.createSeriesMarkers(this.candles, []);

    const pane = overlay ? 0 : 1;
    const outputs = payload.outputs || [];
    const multi = outputs.length > 1;
    outputs.forEach(function (output, i) {
      const name = output.name;
      let series;
      if (name === "hist") {
        series = this.chart.addSeries(
          LWC.HistogramSeries,
          { priceFormat: priceFormat, priceLineVisible: false, lastValueVisible: false, base: 0 },
          pane
        );
      } else {
        series = this.chart.addSeries(
          LWC.LineSeries,
          {
            color: LINE_COLORS[name] || PALETTE[i % PALETTE.length],
            lineWidth: overlay || multi ? 1 : 2,
            priceFormat: priceFormat,
            priceLineVisible: false,
            lastValueVisible: !overlay,
            crosshairMarkerRadius: 3,
          },
          pane
        );
      }
      this.series[name] = series;
    }, this);

    const panes = this.chart.panes();
    if (panes.length > 1) {
      panes[0].setStretchFactor(0.65);
      panes[1].setStretchFactor(0.35);
      const first = this.series[outputs[0].name];
      if (first) first.priceScale().applyOptions({ scaleMargins: { top: 0.12, bottom: 0.08 } });
    }

    const self = this;
    this.chart.timeScale().subscribeVisibleLogicalRangeChange(function () {
      self.scheduleMarkerLayout();
    });
    this.chart.timeScale().subscribeSizeChange(function () {
      self.scheduleMarkerLayout();
    });
    this.chart.subscribeCrosshairMove(function (param) {
      self.hoverIndex = self.barIndex(param);
      self.renderLegend();
    });
    // On a touch screen a tap only "clicks" (the crosshair needs a long press), so the legend
    // would not follow the finger. Put the crosshair on the tapped bar, as a mouse would.
    let pointerType = "";
    this.chartNode.addEventListener(
      "pointerdown",
      function (event) {
        pointerType = event.pointerType;
      },
      { capture: true, passive: true }
    );
    this.chart.subscribeClick(function (param) {
      const index = self.barIndex(param);
      if (pointerType !== "touch" || index === null) return;
      self.chart.setCrosshairPosition(self.data.bars.close[index], self.data.dates[index], self.candles);
      self.hoverIndex = index;
      self.renderLegend();
    });
  };

  // The bar under the pointer in a crosshair or click event, or null off the data.
  Demo.prototype.barIndex = function (param) {
    const n = this.data ? this.data.dates.length : 0;
    if (!param || param.time === undefined || param.logical === undefined) return null;
    const i = Math.round(param.logical);
    return i >= 0 && i < n ? i : null;
  };

  Demo.prototype.apply = function (payload, requested) {
    const first = !this.data;
    if (first) {
      this.applySpec(payload.spec || { params: [] });
      this.createChart(payload);
      this.chartWrap.classList.remove("is-loading");
    }
    const ts = this.chart.timeScale();
    const keepRange = first ? null : ts.getVisibleLogicalRange();
    const datesChanged =
      first ||
      this.data.dates.length !== payload.dates.length ||
      this.data.dates[0] !== payload.dates[0] ||
      this.data.dates[this.data.dates.length - 1] !== payload.dates[payload.dates.length - 1];
    this.data = payload;
    const dates = payload.dates;
    const bars = payload.bars;

    if (datesChanged) {
      this.candles.setData(
        dates.map(function (date, i) {
          return { time: date, open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i] };
        })
      );
    }
    Object.keys(this.series).forEach(function (name) {
      const values = (payload.series && payload.series[name]) || [];
      const isHist = name === "hist";
      this.series[name].setData(
        dates.map(function (date, i) {
          const v = values[i];
          if (v === null || v === undefined) return { time: date }; // warm-up: keeps the bars aligned
          return isHist ? { time: date, value: v, color: v >= 0 ? UP : DOWN } : { time: date, value: v };
        })
      );
    }, this);

    this.drawSignals(payload.signals || []);
    this.drawLevels(payload.convention);

    if (first) this.showRecent();
    else if (keepRange && !datesChanged) ts.setVisibleLogicalRange(keepRange);

    const settings = { params: Object.assign({}, requested.params, payload.params || {}), convention: payload.convention || requested.convention };
    this.applied = settings;
    if (first) this.setForm(settings);
    this.showErrors({}, this.pendingNote || "");
    this.pendingNote = "";
    this.setStatus("");
    this.describe();
    this.renderLegend();
    this.saveUrl();
  };

  Demo.prototype.drawSignals = function (signals) {
    this.signalsByDate = new Map();
    const indexOf = new Map();
    this.data.dates.forEach(function (date, i) {
      indexOf.set(date, i);
    });
    this.markerDefs = [];
    signals.forEach(function (s) {
      const style = signalStyle(s.kind);
      const list = this.signalsByDate.get(s.date) || [];
      list.push(s);
      this.signalsByDate.set(s.date, list);
      if (!indexOf.has(s.date)) return;
      this.markerDefs.push({
        index: indexOf.get(s.date),
        time: s.date,
        position: style.dir > 0 ? "belowBar" : style.dir < 0 ? "aboveBar" : "inBar",
        shape: style.dir > 0 ? "arrowUp" : style.dir < 0 ? "arrowDown" : "circle",
        color: style.dir > 0 ? UP : style.dir < 0 ? DOWN : NEUTRAL,
        text: style.tag,
      });
    }, this);
    this.markerLayout = "";
    this.layoutMarkers();

    // The latest few, newest first, as text for screen readers and small screens.
    this.signalList.textContent = "";
    const latest = signals.slice(-SIGNALS_LISTED).reverse();
    if (!latest.length) {
      this.signalList.appendChild(el("li", { className: "demo-signal-empty", text: "图示区间内没有出现信号。" }));
      return;
    }
    latest.forEach(function (s) {
      const style = signalStyle(s.kind);
      const cls = style.dir > 0 ? "is-up" : style.dir < 0 ? "is-down" : "";
      this.signalList.appendChild(
        el("li", { className: cls }, [
          el("span", { className: "demo-signal-mark", "aria-hidden": "true", text: style.dir > 0 ? "▲" : style.dir < 0 ? "▼" : "●" }),
          el("time", { datetime: s.date, text: s.date }),
          el("span", { className: "demo-signal-text", text: s.text }),
        ])
      );
    }, this);
  };

  // Marker tags overlap when signals crowd together: walking from the newest, a tag is shown
  // only if the previous tag on the same side is far enough away, and not at all when it would
  // be cut off at the edge of the plot. Arrows always stay.
  Demo.prototype.layoutMarkers = function () {
    if (!this.markerDefs || !this.chart) return;
    const ts = this.chart.timeScale();
    const plotWidth = ts.width();
    const lastX = {};
    const lastIndex = {};
    const shown = new Array(this.markerDefs.length);
    for (let k = this.markerDefs.length - 1; k >= 0; k--) {
      const m = this.markerDefs[k];
      const x = ts.logicalToCoordinate(m.index);
      if (x === null || x < MARKER_TEXT_EDGE || x > plotWidth - MARKER_TEXT_EDGE) {
        shown[k] = false;
      } else if (m.index === lastIndex[m.position]) {
        shown[k] = true; // stacked on the same bar: no horizontal clash
      } else if (!(m.position in lastX && lastX[m.position] - x < MARKER_TEXT_GAP)) {
        shown[k] = true;
        lastX[m.position] = x;
        lastIndex[m.position] = m.index;
      } else {
        shown[k] = false;
      }
    }
    const layout = shown.map(Number).join("");
    if (layout === this.markerLayout) return;
    this.markerLayout = layout;
    this.markers.setMarkers(
      this.markerDefs.map(function (m, k) {
        return { time: m.time, position: m.position, shape: m.shape, color: m.color, text: shown[k] ? m.text : "" };
      })
    );
  };

  Demo.prototype.scheduleMarkerLayout = function () {
    if (this.markerFrame) return;
    const self = this;
    this.markerFrame = window.requestAnimationFrame(function () {
      self.markerFrame = 0;
      self.layoutMarkers();
    });
  };

  Demo.prototype.drawLevels = function (convention) {
    this.priceLines.forEach(function (entry) {
      entry.series.removePriceLine(entry.line);
    });
    this.priceLines = [];
    if (this.data.overlay) return;
    const outputs = this.data.outputs || [];
    const target = outputs
      .map(function (o) {
        return o.name;
      })
      .filter(function (name) {
        return name !== "hist";
      })[0];
    const series = this.series[target];
    if (!series) return;
    referenceLevels(this.indicator, convention).forEach(function (level) {
      const line = series.createPriceLine({
        price: level.price,
        color: level.light ? "rgba(138, 145, 156, 0.45)" : LEVEL_COLOR,
        lineWidth: 1,
        lineStyle: LWC.LineStyle.Dashed,
        axisLabelVisible: !level.light,
        axisLabelColor: "#eef0f3",
        axisLabelTextColor: "#4e5969",
        title: "",
      });
      this.priceLines.push({ series: series, line: line });
    }, this);
  };

  Demo.prototype.visibleBarsForWidth = function () {
    const width = this.chartNode.clientWidth || 600;
    const plot = Math.max(200, width - 70);
    return Math.max(40, Math.min(120, Math.round(plot / 6)));
  };

  Demo.prototype.showRecent = function () {
    if (!this.chart || !this.data) return;
    const n = this.data.dates.length;
    const bars = this.visibleBarsForWidth();
    if (n <= bars) {
      this.chart.timeScale().fitContent();
      return;
    }
    this.chart.timeScale().setVisibleLogicalRange({ from: n - bars, to: n - 1 + RIGHT_OFFSET });
  };

  Demo.prototype.zoom = function (factor) {
    if (!this.chart || !this.data) return;
    const ts = this.chart.timeScale();
    const range = ts.getVisibleLogicalRange();
    if (!range) return;
    const n = this.data.dates.length;
    const width = Math.max(MIN_VISIBLE_BARS, Math.min(n + RIGHT_OFFSET, (range.to - range.from) * factor));
    // Keep the right edge where it is when it shows the latest bar, otherwise zoom about the middle.
    const atEnd = range.to >= n - 1;
    const to = atEnd ? range.to : (range.from + range.to) / 2 + width / 2;
    ts.setVisibleLogicalRange({ from: to - width, to: to });
  };

  Demo.prototype.describe = function () {
    const d = this.data;
    const s = this.applied;
    const values = this.paramNames
      .map(function (name) {
        return numberText(s.params[name]);
      })
      .join(",");
    const label = shortLabel(d.label || this.indicator.toUpperCase(), d.outputs);
    const conv = s.convention === "intl" ? "国际口径" : "国内口径";
    const first = d.dates[0];
    const last = d.dates[d.dates.length - 1];
    const what = d.overlay ? "叠加 " + label + "(" + values + ")的" : "与 " + label + "(" + values + ")指标";
    this.chartNode.setAttribute(
      "aria-label",
      (d.name || d.symbol) + "日线 K 线" + what + "图，" + conv + "," + first + " 至 " + last + "，共 " + d.dates.length + " 个交易日，下方列出最近的信号。"
    );
    this.head.lastChild.textContent = label + " · " + (d.name || "") + "(" + d.symbol + ")日线 · " + conv;
  };

  Demo.prototype.renderLegend = function () {
    const d = this.data;
    if (!d) return;
    const n = d.dates.length;
    const i = this.hoverIndex === null ? n - 1 : this.hoverIndex;
    const b = d.bars;
    const close = b.close[i];
    const prev = i > 0 ? b.close[i - 1] : null;
    const change = prev ? ((close - prev) / prev) * 100 : null;
    const dir = change === null ? 0 : change > 0 ? 1 : change < 0 ? -1 : 0;

    const priceRow = this.legendPrice;
    priceRow.textContent = "";
    priceRow.appendChild(el("span", { className: "demo-legend-date", text: d.dates[i] }));
    [["开", b.open[i]], ["高", b.high[i]], ["低", b.low[i]], ["收", close]].forEach(function (pair) {
      priceRow.appendChild(el("span", { className: "demo-legend-item" }, [pair[0] + " ", el("b", { text: fixed2(pair[1]) })]));
    });
    if (change !== null) {
      priceRow.appendChild(
        el("span", {
          className: "demo-legend-item demo-change " + (dir > 0 ? "is-up" : dir < 0 ? "is-down" : ""),
          text: (change > 0 ? "+" : "") + fixed2(change) + "%",
        })
      );
    }

    const valueRow = this.legendValues;
    valueRow.textContent = "";
    const label = shortLabel(d.label, d.outputs);
    const params = this.paramNames
      .map(function (name) {
        return numberText(d.params[name]);
      })
      .join(",");
    valueRow.appendChild(el("span", { className: "demo-legend-name", text: label + "(" + params + ")" }));
    (d.outputs || []).forEach(function (output, k) {
      const values = d.series[output.name] || [];
      const v = values[i];
      let color = LINE_COLORS[output.name] || PALETTE[k % PALETTE.length];
      if (output.name === "hist") color = v !== null && v !== undefined && v < 0 ? DOWN : UP;
      const swatch = el("i", { className: "demo-swatch" + (output.name === "hist" ? " is-bar" : ""), "aria-hidden": "true" });
      swatch.style.background = color;
      valueRow.appendChild(el("span", { className: "demo-legend-item" }, [swatch, output.label + " ", el("b", { text: fixed2(v) })]));
    });

    const signalRow = this.legendSignal;
    signalRow.textContent = "";
    signalRow.className = "demo-legend-row demo-legend-signal";
    const found = this.signalsByDate.get(d.dates[i]);
    if (found && found.length) {
      const style = signalStyle(found[found.length - 1].kind);
      signalRow.classList.add(style.dir > 0 ? "is-up" : style.dir < 0 ? "is-down" : "is-neutral");
      signalRow.appendChild(
        el("span", {
          text:
            "信号：" +
            found
              .map(function (s) {
                return s.text;
              })
              .join(";"),
        })
      );
    } else {
      signalRow.classList.add("is-hint");
      signalRow.textContent = this.hoverIndex === null ? "最新一根 K 线；在图上移动光标或点按，查看其他日期" : "当日没有信号";
    }
  };

  Demo.prototype.saveUrl = function () {
    const pairs = [];
    this.paramNames.forEach(function (name) {
      const value = this.applied.params[name];
      if (!sameNumber(value, this.base.params[name])) pairs.push([name, numberText(value)]);
    }, this);
    if (this.applied.convention !== this.base.convention) pairs.push(["convention", this.applied.convention]);
    const url = writeUrlState(this.id, pairs);
    this.figure.dispatchEvent(
      new CustomEvent("indicator-demo:statechange", { bubbles: true, detail: { id: this.id, url: url, changed: pairs.length > 0 } })
    );
  };

  // ------------------------------------------------------------------ start-up

  Demo.prototype.initialSettings = function () {
    const fromUrl = readUrlState(this.id);
    const settings = { params: Object.assign({}, this.base.params), convention: this.base.convention };
    let used = false;
    let dropped = false;
    Object.keys(fromUrl).forEach(function (key) {
      const raw = fromUrl[key].trim();
      if (key === "convention") {
        if (raw === "cn" || raw === "intl") {
          settings.convention = raw;
          used = true;
        } else dropped = true;
      } else if (this.paramNames.indexOf(key) >= 0 && raw !== "" && isFinite(Number(raw))) {
        settings.params[key] = Number(raw);
        used = true;
      } else {
        dropped = true;
      }
    }, this);
    return { settings: settings, fromUrl: used, dropped: dropped };
  };

  Demo.prototype.prepare = function () {
    this.build();
    this.initial = this.initialSettings();
    this.setForm(this.initial.settings);
    if (this.initial.dropped) this.pendingNote = "链接里有无法识别的演示参数，已忽略。";
    this.setStatus("加载中…");
  };

  Demo.prototype.start = function () {
    this.load(this.initial.settings, { fromUrl: this.initial.fromUrl });
  };

  function startAll() {
    const demos = new Map();
    figures.forEach(function (figure) {
      const demo = new Demo(figure);
      demo.prepare(); // build every demo now, so the page does not jump later
      demos.set(figure, demo);
    });
    // Fetch data only when a demo nears the viewport (a reload or #demo-d2 link further down
    // starts the right ones).
    if (!("IntersectionObserver" in window)) {
      demos.forEach(function (demo) {
        demo.start();
      });
      return;
    }
    const observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          observer.unobserve(entry.target);
          demos.get(entry.target).start();
        });
      },
      { rootMargin: "600px 0px" }
    );
    demos.forEach(function (demo, figure) {
      observer.observe(figure);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
