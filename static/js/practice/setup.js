// The setup form: which indicator (and its settings) and how many days; 开始一局 or 每周挑战.
export class Setup {
  // onStart(choice) -> Promise<string | null>: an error message, or null when started
  constructor(form, onStart) {
    this.form = form;
    this.onStart = onStart;
    this.select = form.querySelector("[data-role=indicator]");
    this.error = form.querySelector("[data-role=setup-error]");
    this.select.addEventListener("change", () => this.showParams());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.start(event.submitter && event.submitter.value === "weekly");
    });
    this.showParams();
  }

  showParams() {
    for (const box of this.form.querySelectorAll("[data-params-for]")) box.hidden = box.dataset.paramsFor !== this.select.value;
  }

  choice(weekly) {
    const indicator = this.select.value;
    const params = {};
    const box = this.form.querySelector(`[data-params-for="${indicator}"]`);
    for (const input of box ? box.querySelectorAll("input[data-param]") : []) {
      // Unchanged fields are left to the server's defaults.
      if (input.value !== input.dataset.default) params[input.dataset.param] = input.value;
    }
    const length = Number(this.form.querySelector("input[name=length]:checked").value);
    return { indicator, params, length, weekly };
  }

  async start(weekly) {
    this.error.textContent = "";
    for (const button of this.form.querySelectorAll("button")) button.disabled = true;
    const problem = await this.onStart(this.choice(weekly));
    for (const button of this.form.querySelectorAll("button")) button.disabled = false;
    if (problem) this.error.textContent = problem;
  }
}
