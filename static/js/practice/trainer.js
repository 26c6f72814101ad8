// K线训练营 (/practice/): set up a round, play it day by day, then reveal it. Loaded as a
// module after the chart library's standalone script.
import { PracticeApi } from "./api.js";
import { bindKeys } from "./keys.js";
import { showReveal } from "./reveal-view.js";
import { RoundView } from "./round.js";
import { Setup } from "./setup.js";

function main() {
  const config = JSON.parse(document.getElementById("practice-config").textContent);
  const root = document.querySelector("[data-role=trainer]");
  const form = root.querySelector("[data-role=setup]");
  const revealNode = root.querySelector("[data-role=reveal]");
  const api = new PracticeApi(config.api);

  const finish = async (finished) => {
    let state = finished;
    if (!state.reveal) {
      const answer = await api.state(finished.id);
      if (!answer.ok) return round.say(answer.message, "refusal");
      state = answer.body;
    }
    root.classList.add("is-revealed");
    round.show(state); // the header says the round is over
    round.say("", "");
    const share = config.share.replace("ROUND_ID", encodeURIComponent(state.id));
    showReveal(revealNode, { ...state, share_url: share }, round.chart, () => again());
  };
  const round = new RoundView(root.querySelector("[data-role=round]"), api, finish);
  const again = () => {
    root.classList.remove("is-revealed", "is-playing");
    revealNode.hidden = true;
    round.root.hidden = true;
    form.hidden = false;
    form.querySelector("[data-role=start]").focus();
  };
  new Setup(form, async (choice) => {
    const answer = await api.start(choice);
    if (!answer.ok) return answer.message;
    form.hidden = true;
    root.classList.add("is-playing");
    round.begin(answer.body);
    round.nodes.next.focus({ preventScroll: true });
    round.root.scrollIntoView({ block: "start" });
    return null;
  });
  bindKeys({ choose: (action) => round.choose(action), next: () => round.next(), active: () => round.active });
}

if (window.LightweightCharts && window.fetch) main();
