// Desktop shortcuts: B 买入, S 卖出, H 观望, space 下一天. Typing in a form field, or a key
// pressed with Ctrl/Alt/⌘, is left alone.
const KEYS = { b: "buy", s: "sell", h: "hold" };

function typing(target) {
  return Boolean(target && target.closest && target.closest("input, select, textarea, [contenteditable]"));
}

// handlers: { choose(action), next(), active() -> bool }
export function bindKeys(handlers) {
  const ours = (event) => !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target) && handlers.active();
  document.addEventListener("keydown", (event) => {
    if (!ours(event)) return;
    const key = event.key.toLowerCase();
    if (key === " " || event.code === "Space") {
      event.preventDefault(); // no page scroll, and no click on a focused button
      if (!event.repeat) handlers.next();
    } else if (KEYS[key] && !event.repeat) {
      event.preventDefault();
      handlers.choose(KEYS[key]);
    }
  });
  // A focused button is pressed on keyup of space: the keydown already moved the day on.
  document.addEventListener("keyup", (event) => {
    if ((event.key === " " || event.code === "Space") && ours(event)) event.preventDefault();
  });
}
