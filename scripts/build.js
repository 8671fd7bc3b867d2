// Compiles the TypeScript sources to dist/ and records when, so that runners can tell if dist/ is stale.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const stamp = path.join(root, "dist", ".built");
const sources = ["main.ts", "lib", "bin", "tsconfig.json", "tsconfig.build.json"];

/** Newest modification time (ms) among the sources that dist/ is compiled from. */
function newestSource(entry = null) {
  const paths = entry === null ? sources.map((s) => path.join(root, s)) : [entry];
  let newest = 0;
  for (const p of paths) {
    let stat;
    try {
      stat = fs.statSync(p);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(p)) newest = Math.max(newest, newestSource(path.join(p, child)));
    } else if (!p.endsWith(".test.ts")) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

/** True when dist/ was built after the last change to any source. */
function isFresh() {
  try {
    return fs.statSync(stamp).mtimeMs >= newestSource();
  } catch {
    return false;
  }
}

/** Runs tsc for tsconfig.build.json into an emptied dist/ and writes the stamp; throws when the compiler fails. */
function build() {
  // Emptied first, so that a moved or deleted source leaves no stale file behind to be packed.
  fs.rmSync(path.join(root, "dist"), { recursive: true, force: true });
  const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
  fs.writeFileSync(stamp, "");
}

module.exports = { build, isFresh };

// `node scripts/build.js` compiles; `--if-stale` only when a source changed since the last build.
if (require.main === module) {
  try {
    if (!(process.argv.includes("--if-stale") && isFresh())) build();
  } catch {
    process.exit(1);
  }
}
