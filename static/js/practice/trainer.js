// K线训练营 (/practice/): set up a round, play it day by day, then reveal it. Loaded as a
// module after the chart library's standalone script.
import { PracticeApi } from "./api.js";
import { bindKeys } from "./keys.js";
import { showReveal } from "./reveal-view.js";
import { RoundView } from "./round.js";
import { Setup } from "./setup.js";

// The round in play survives a reload (a phone drops background tabs): its id only, for
// this tab; the server holds everything else.
const SAVED = "practice-round";

function remember(id) {
  try {
    if (id) window.sessionStorage.setItem(SAVED, id);
    else window.sessionStorage.removeItem(SAVED);
  } catch {
    // storage off (private mode): a reload starts over
  }
}

function saved() {
  try {
    return window.sessionStorage.getItem(SAVED);
  } catch {
    return null;
  }
}

class Trainer {
  constructor(root, config) {
    this.root = root;
    this.config = config;
    this.api = new PracticeApi(config.api);
    this.form = root.querySelector("[data-role=setup]");
    this.revealNode = root.querySelector("[data-role=reveal]");
    this.round = new RoundView(root.querySelector("[data-role=round]"), this.api, (state) => this.finish(state));
    new Setup(this.form, (choice) => this.start(choice));
    bindKeys({ choose: (action) => this.round.choose(action), next: () => this.round.next(), active: () => this.round.active });
  }

  async start(choice) {
    const answer = await this.api.start(choice);
    if (!answer.ok) return answer.message;
    this.play(answer.body);
    return null;
  }

  async resume() {
    const id = saved();
    if (!id) return;
    const answer = await this.api.state(id);
    if (answer.ok && answer.body.status === "active") this.play(answer.body);
    else remember(null); // finished elsewhere, expired or unknown: the form it is
  }

  play(state) {
    remember(state.id);
    this.form.hidden = true;
    this.root.classList.add("is-playing");
    this.round.begin(state);
    this.round.nodes.next.focus({ preventScroll: true });
    this.round.root.scrollIntoView({ block: "start" });
  }

  async finish(finished) {
    remember(null);
    let state = finished;
    if (!state.reveal) {
      const answer = await this.api.state(finished.id);
      if (!answer.ok) return this.round.say(answer.message, "refusal");
      state = answer.body;
    }
    this.root.classList.add("is-revealed");
    this.round.show(state); // the header says the round is over
    this.round.say("", "");
    const share = this.config.share.replace("ROUND_ID", encodeURIComponent(state.id));
    showReveal(this.revealNode, { ...state, share_url: share }, this.round.chart, () => this.again());
  }

  again() {
    this.root.classList.remove("is-revealed", "is-playing");
    this.revealNode.hidden = true;
    this.round.root.hidden = true;
    this.form.hidden = false;
    this.form.querySelector("[data-role=start]").focus();
  }
}

if (window.LightweightCharts && window.fetch) {
  const config = JSON.parse(document.getElementById("practice-config").textContent);
  new Trainer(document.querySelector("[data-role=trainer]"), config).resume();
}
