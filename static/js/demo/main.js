// Live indicator demos in articles (see demo.js). Loaded as a module after the chart
// library's standalone script; without either, the figure's static explanation stays.
import { Demo } from "./demo.js";

function startAll(figures) {
  const demos = new Map();
  for (const figure of figures) {
    const demo = new Demo(figure);
    demo.prepare(); // build every demo now, so the page does not jump later
    demos.set(figure, demo);
  }
  // Fetch data only when a demo nears the viewport (a reload or #demo-d2 link further down
  // starts the right ones).
  if (!("IntersectionObserver" in window)) {
    for (const demo of demos.values()) demo.start();
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        demos.get(entry.target).start();
      }
    },
    { rootMargin: "600px 0px" }
  );
  for (const figure of demos.keys()) observer.observe(figure);
}

const figures = [...document.querySelectorAll("figure.indicator-demo[data-api]")];
const LWC = window.LightweightCharts;
if (figures.length && LWC && typeof LWC.createChart === "function" && window.fetch && window.AbortController) {
  startAll(figures);
}
