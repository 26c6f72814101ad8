// ESLint for the site's own scripts (npm run lint; bin/test runs it beside ruff).
// static/js/demo/ and static/js/practice/ are ES modules; the other scripts are classic ones, one IIFE each.
const js = require("@eslint/js");
const globals = require("globals");

// Limits from issue 11: small scripts, short functions, no `var`.
const houseRules = {
  "no-var": "error",
  "prefer-const": "error",
  eqeqeq: ["error", "always"],
  "max-lines": ["error", { max: 400 }],
  "max-lines-per-function": ["error", { max: 50 }],
};

module.exports = [
  { ignores: ["staticfiles/", "node_modules/", "static/vendor/"] },
  {
    files: ["static/**/*.js"],
    ...js.configs.recommended,
    languageOptions: { sourceType: "script", globals: globals.browser },
    rules: { ...js.configs.recommended.rules, ...houseRules },
  },
  {
    files: ["static/js/demo/**/*.js", "static/js/practice/**/*.js"],
    languageOptions: {
      sourceType: "module",
      // The chart library's standalone build, loaded as a classic script before the modules.
      globals: { ...globals.browser, LightweightCharts: "readonly" },
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node },
    rules: js.configs.recommended.rules,
  },
];
