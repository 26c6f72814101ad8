// The demo's controls: one number input per parameter (limits filled in from the API's
// spec), the cn/intl switch and a reset button, with an error line under the form.
import { el, numberText } from "./format.js";

const CONVENTIONS = [
  { value: "cn", label: "国内口径" },
  { value: "intl", label: "国际口径" },
];
const DEBOUNCE_MS = 150;

export function conventionLabel(convention) {
  return CONVENTIONS.find((conv) => conv.value === convention).label;
}

// One parameter's input against its spec entry -> { value } or { error } (a Chinese message).
function checkParam(p, input) {
  if (!p) return { value: Number(input.value) };
  const raw = input.value.trim();
  if (input.validity && input.validity.badInput) return { error: "请输入数字" };
  if (raw === "") return { error: "请填写" + p.label };
  const value = Number(raw);
  if (!isFinite(value)) return { error: "请输入数字" };
  const range = p.min_exclusive ? `须大于 ${p.min}、不大于 ${p.max}` : `须在 ${p.min}~${p.max} 之间`;
  if (p.integer && Math.floor(value) !== value) return { error: p.label + "须为整数，" + range };
  const tooLow = p.min_exclusive ? value <= p.min : value < p.min;
  if (tooLow || value > p.max) return { error: p.label + range };
  return { value };
}

// byConvention: {cn: {name: value}, intl: {…}}, each convention's parameters (cn RSI has
// n1/n2/n3, intl RSI one n). Every input is built once; a convention shows its own.
export class DemoForm {
  constructor(prefix, byConvention) {
    this.prefix = prefix;
    this.byConvention = byConvention;
    const defaults = Object.assign({}, ...Object.values(byConvention).reverse());
    this.defaults = defaults;
    const paramNames = Object.keys(defaults);
    this.paramNames = paramNames;
    this.fields = {};
    this.inputs = {};
    this.radios = {};
    this.errorNodes = {};
    this.constraints = [];
    this.timer = 0;
    this.node = el("form", { className: "demo-controls", novalidate: true, "aria-label": "演示参数" });
    for (const name of paramNames) this.node.appendChild(this.buildField(name, defaults[name]));
    this.node.appendChild(this.buildConventionSwitch());
    this.resetButton = el("button", { type: "button", className: "demo-button demo-reset", text: "恢复默认", disabled: true });
    this.node.appendChild(el("div", { className: "demo-field demo-actions" }, [this.resetButton]));
    this.errorBox = this.buildErrorBox();
  }

  buildField(name, value) {
    const inputId = `${this.prefix}-${name}`;
    const input = el("input", {
      type: "number",
      id: inputId,
      name,
      inputmode: "numeric",
      autocomplete: "off",
      disabled: true,
      "aria-describedby": `${this.prefix}-err-${name}`,
    });
    input.value = numberText(value);
    const labelText = el("span", { className: "demo-label-text", text: name });
    this.inputs[name] = { input, label: labelText, spec: null };
    this.fields[name] = el("div", { className: "demo-field" }, [el("label", { for: inputId }, [labelText]), input]);
    return this.fields[name];
  }

  buildConventionSwitch() {
    const seg = el("div", { className: "demo-seg" });
    for (const conv of CONVENTIONS) {
      const radio = el("input", {
        type: "radio",
        name: `${this.prefix}-convention`,
        value: conv.value,
        className: "demo-sr-only",
        disabled: true,
      });
      this.radios[conv.value] = radio;
      seg.appendChild(el("label", { className: "demo-seg-option" }, [radio, el("span", { text: conv.label })]));
    }
    return el("fieldset", { className: "demo-field demo-convention" }, [
      el("legend", { className: "demo-label-text", text: "计算口径" }),
      seg,
    ]);
  }

  buildErrorBox() {
    const box = el("div", { className: "demo-errors" });
    for (const name of this.paramNames) {
      const node = el("p", { className: "demo-error", id: `${this.prefix}-err-${name}`, "aria-live": "polite" });
      this.errorNodes[name] = node;
      box.appendChild(node);
    }
    this.noteNode = el("p", { className: "demo-note", "aria-live": "polite" });
    box.appendChild(this.noteNode);
    return box;
  }

  // onChange runs (debounced for typing) whenever a control changes; reset restores base.
  bind(onChange, base) {
    this.onChange = onChange;
    this.node.addEventListener("submit", (event) => {
      event.preventDefault();
      this.changed();
    });
    for (const name of this.paramNames) {
      this.inputs[name].input.addEventListener("input", () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.changed(), DEBOUNCE_MS);
      });
    }
    for (const [value, radio] of Object.entries(this.radios)) {
      radio.addEventListener("change", () => {
        this.showFields(value);
        this.changed();
      });
    }
    this.resetButton.addEventListener("click", () => {
      this.set(base);
      this.changed();
    });
  }

  changed() {
    clearTimeout(this.timer);
    this.onChange();
  }

  // Labels, steps and limits from the API's spec; the controls become usable.
  applySpec(spec) {
    const byName = new Map((spec.params || []).map((p) => [p.name, p]));
    this.constraints = spec.constraints || [];
    for (const name of this.paramNames) {
      const entry = this.inputs[name];
      const p = byName.get(name);
      entry.spec = p || null;
      entry.input.disabled = false;
      if (!p) continue;
      entry.label.textContent = p.label; // Chinese only: the API's key (n, fast) is no label
      const step = p.integer ? 1 : 0.1;
      entry.input.step = String(step);
      entry.input.min = String(p.min_exclusive ? p.min + step : p.min);
      entry.input.max = String(p.max);
      entry.input.inputMode = p.integer ? "numeric" : "decimal";
    }
    for (const radio of Object.values(this.radios)) radio.disabled = false;
    this.resetButton.disabled = false;
  }

  // A parameter the settings leave out (the other convention's) goes back to its default.
  set(settings) {
    for (const name of this.paramNames) {
      const value = name in settings.params ? settings.params[name] : this.defaults[name];
      this.inputs[name].input.value = numberText(value);
    }
    for (const [value, radio] of Object.entries(this.radios)) radio.checked = value === settings.convention;
    this.showFields(settings.convention);
  }

  namesFor(convention) {
    return Object.keys(this.byConvention[convention] || this.defaults);
  }

  showFields(convention) {
    const shown = new Set(this.namesFor(convention));
    for (const name of this.paramNames) this.fields[name].hidden = !shown.has(name);
  }

  // -> { settings: {params, convention}, errors: {param: message} }
  read() {
    const params = {};
    const errors = {};
    const convention = this.radios.intl.checked ? "intl" : "cn";
    for (const name of this.namesFor(convention)) {
      const entry = this.inputs[name];
      const result = checkParam(entry.spec, entry.input);
      if (result.error) errors[name] = result.error;
      else params[name] = result.value;
    }
    this.checkConstraints(params, errors);
    return { settings: { params, convention }, errors };
  }

  // Cross-parameter rules from the spec, e.g. {"param": "fast", "less_than": "slow",
  // "message": "…"}; without them the API's 400 answer reports the same problem.
  checkConstraints(params, errors) {
    const label = (name) => (this.inputs[name] && this.inputs[name].spec && this.inputs[name].spec.label) || name;
    for (const rule of this.constraints) {
      const a = params[rule.param];
      const b = params[rule.less_than];
      if (a === undefined || b === undefined || errors[rule.param] || a < b) continue;
      errors[rule.param] = rule.message || label(rule.param) + "须小于" + label(rule.less_than);
    }
  }

  showErrors(errors, note) {
    for (const name of this.paramNames) {
      const message = errors[name] || "";
      const input = this.inputs[name].input;
      const node = this.errorNodes[name];
      if (node.textContent !== message) node.textContent = message;
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    this.noteNode.textContent = note || "";
  }

  has(name) {
    return name in this.inputs;
  }
}
