// ESLint over the browser app (`make lint`): the recommended rules, plus what keeps the modules
// joinable by assets.py and readable: lines of at most 100 characters, no `var`, strict equality.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["generator/selfassess/browser/vendor/**", "node_modules/**", "site/**", "docs/**"] },
  js.configs.recommended,
  {
    files: ["generator/selfassess/browser/**/*.js"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      globals: { ...globals.browser },
    },
    rules: {
      "max-len": ["error", { code: 100, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true }],
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "always"],
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
    },
  },
];
