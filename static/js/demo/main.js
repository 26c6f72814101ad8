// Live indicator demos in articles (see demo.js). The chart library (about 200 KB) is
// imported only when the first demo nears the viewport; its standalone build defines
// window.LightweightCharts, which chart.js reads. Without fetch or module support the
// figure's static explanation stays.
import { Demo } from "./demo.js";

const LIBRARY_FAILED = "图表组件加载失败，请刷新页面重试。";

function libraryUrl() {
  const node = document.getElementById("demo-chart-library");
  return node ? JSON.parse(node.textContent) : null;
}

let library = null;
function loadLibrary(url) {
  library ??= import(url).then(() => {
    const LWC = window.LightweightCharts;
    if (!LWC || typeof LWC.createChart !== "function") throw new Error("no chart library");
  });
  return library;
}

function startWhenReady(demo, url) {
  loadLibrary(url).then(
    () => demo.start(),
    () => demo.setStatus(LIBRARY_FAILED)
  );
}

function startAll(figures, url) {
  const demos = new Map();
  for (const figure of figures) {
    const demo = new Demo(figure);
    demo.prepare(); // build every demo now, so the page does not jump later
    demos.set(figure, demo);
  }
  // Load the library and data only when a demo nears the viewport (a reload or
  // #demo-d2 link further down starts the right ones).
  if (!("IntersectionObserver" in window)) {
    for (const demo of demos.values()) startWhenReady(demo, url);
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        startWhenReady(demos.get(entry.target), url);
      }
    },
    { rootMargin: "600px 0px" }
  );
  for (const figure of demos.keys()) observer.observe(figure);
}

const figures = [...document.querySelectorAll("figure.indicator-demo[data-api]")];
const url = libraryUrl();
if (figures.length && url && window.fetch && window.AbortController) {
  startAll(figures, url);
}
