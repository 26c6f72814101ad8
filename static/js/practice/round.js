// One round in play: the reader picks 买入, 卖出 or 观望, then 下一天 sends the turn. The
// server's state is the only truth; a refusal is shown where the reader looks and changes
// nothing.
import { RoundChart } from "./chart.js";
import { rows, setFigure, signedPercent, toneOf } from "./text.js";

const ACTION_LABELS = { buy: "买入", sell: "卖出", hold: "观望" };

export class RoundView {
  // root: the round <section>; api: PracticeApi; onFinished(state): the reveal takes over
  constructor(root, api, onFinished) {
    this.root = root;
    this.api = api;
    this.onFinished = onFinished;
    this.state = null;
    this.chart = null;
    this.busy = false;
    const find = (role) => root.querySelector(`[data-role="${role}"]`);
    this.nodes = { day: find("day"), left: find("left"), kind: find("round-kind"), position: find("position"), equity: find("equity"), ret: find("return"), chart: find("chart"), message: find("message"), next: find("next"), stop: find("stop") };
    this.actionButtons = [...root.querySelectorAll("[data-action]")];
    for (const button of this.actionButtons) button.addEventListener("click", () => this.choose(button.dataset.action));
    this.nodes.next.addEventListener("click", () => this.next());
    this.nodes.stop.addEventListener("click", () => this.stop());
  }

  get active() {
    return Boolean(this.state && this.state.status === "active" && !this.root.hidden);
  }

  begin(state) {
    this.root.hidden = false;
    const indicator = state.indicator;
    this.nodes.chart.classList.toggle("has-pane", Boolean(indicator && !indicator.overlay));
    if (this.chart) this.chart.remove();
    this.chart = new RoundChart(this.nodes.chart, indicator ? { lines: indicator.spec.outputs, overlay: indicator.overlay } : null);
    this.nodes.kind.textContent = (state.weekly ? "每周挑战 · " : "") + `${state.market.label}规则` + (indicator ? ` · ${indicator.label}` : "");
    this.selected = "hold";
    this.show(state);
    this.say("", "");
  }

  show(state) {
    this.state = state;
    const account = state.account;
    // Days are numbered from the window's first bar, as the server's messages number them.
    this.nodes.day.textContent = `第 ${state.day + 1} 天`;
    this.nodes.left.textContent = state.turns_left ? `还剩 ${state.turns_left} 个交易日` : "已结束";
    setFigure(this.nodes.position, account.holding ? "满仓持有" : "空仓", account.holding ? "is-up" : "");
    setFigure(this.nodes.equity, (account.value * 100).toFixed(2), toneOf(account.return));
    setFigure(this.nodes.ret, signedPercent(account.return, 2), toneOf(account.return));
    this.chart.show(rows(state.bars), state.indicator ? state.indicator.series : null);
    this.chart.markTrades(state.trades);
    this.nodes.chart.setAttribute("aria-label", `K 线图：${state.bars.close.length} 根隐去日期的日线，最后一根是今天，收盘 ${state.bars.close.at(-1).toFixed(2)}`);
    this.mark(this.selected);
  }

  setBusy(busy) {
    this.busy = busy;
    this.root.setAttribute("aria-busy", String(busy));
  }

  mark(action) {
    this.selected = action;
    for (const button of this.actionButtons) button.setAttribute("aria-pressed", String(button.dataset.action === action));
  }

  say(text, tone) {
    this.nodes.message.textContent = text;
    this.nodes.message.className = "round-message" + (tone ? ` is-${tone}` : "");
  }

  // Choosing is local; a choice the rules forbid today is explained at once and not taken.
  choose(action) {
    if (!this.active || !ACTION_LABELS[action]) return;
    const refusal = this.state.account.refusals[action];
    if (refusal) {
      this.say(refusal, "refusal");
      return;
    }
    this.mark(action);
    this.say(`今天收盘后：${ACTION_LABELS[action]}。按“下一天”确认，订单在下一天开盘成交。`, "info");
  }

  async next() {
    if (!this.active || this.busy) return;
    // Busy, not disabled: a disabled button would drop the keyboard focus every turn.
    this.setBusy(true);
    const sent = this.selected;
    const answer = await this.api.turn(this.state.id, this.state.next_turn, sent);
    this.setBusy(false);
    if (!answer.ok) {
      this.say(answer.message, "refusal");
      return;
    }
    this.after(answer.body, sent);
  }

  // A new day starts undecided, unless the reader already chose for it while the last
  // turn was on its way (and the new day's rules still allow that choice).
  after(state, sent) {
    const early = this.selected !== sent && !state.account.refusals[this.selected];
    this.show(state);
    if (!early) this.mark("hold");
    const last = state.turns.at(-1);
    // An order a price limit kept from filling is news the reader must not miss.
    this.say(last && last.message ? last.message : "", last && last.outcome === "not_filled" ? "refusal" : "info");
    if (state.status === "finished") this.onFinished(state);
  }

  async stop() {
    if (!this.active || this.busy) return;
    this.setBusy(true);
    const answer = await this.api.stop(this.state.id);
    this.setBusy(false);
    if (!answer.ok) {
      this.say(answer.message, "refusal");
      return;
    }
    this.onFinished(answer.body);
  }
}
