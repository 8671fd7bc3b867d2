// The static checks of `npm test`, run side by side: formatting, lint, the type-check and the
// GitHub workflows' lint.
// Prints each tool's output when it fails and exits non-zero if any failed.
const { spawn } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const bin = (pkg, file) => path.join(root, "node_modules", pkg, file);
// Caches under node_modules/.cache make repeated local runs fast; a fresh clone starts without them.
const cache = (tool) => path.join(root, "node_modules", ".cache", "corso-check", tool);
const CHECKS = [
  ["prettier", [bin("prettier", "bin/prettier.cjs"), "--check", "--cache", "--log-level", "warn", "."]],
  [
    "eslint",
    [bin("eslint", "bin/eslint.js"), "--cache", "--cache-location", cache("eslint"), "--max-warnings", "0", "."],
  ],
  ["tsc", [bin("typescript", "bin/tsc"), "-p", "tsconfig.json", "--incremental", "--tsBuildInfoFile", cache("tsc")]],
  ["actionlint", [path.join(root, "scripts", "lint-workflows.js")]],
];

function run([name, args]) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ name, code, output }));
  });
}

Promise.all(CHECKS.map(run)).then((results) => {
  for (const { name, code, output } of results) {
    process.stdout.write(`${code === 0 ? "ok  " : "FAIL"} ${name}\n`);
    if (code !== 0) process.stdout.write(output);
  }
  process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
});
