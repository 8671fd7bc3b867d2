// Runs a compiled entry point (`main`, `bin/review`), rebuilding dist/ first when a source changed,
// then prints the warnings cdktf recorded for the synthesized stacks.
const fs = require("node:fs");
const path = require("node:path");
const { build, isFresh } = require("./build");

const root = path.resolve(__dirname, "..");
const [entry, ...args] = process.argv.slice(2);

if (!isFresh()) {
  process.stderr.write("Sources changed since the last build: compiling to dist/ ...\n");
  try {
    build();
  } catch {
    process.exit(1);
  }
}

process.argv = [process.argv[0], path.join(root, "dist", `${entry}.js`), ...args];
try {
  require(path.join(root, "dist", entry));
} catch (error) {
  // A mistake in props or configuration, or a file that cannot be read or written, is the user's to
  // fix: its message says what, a stack trace adds nothing.
  if (error.name !== "CorsoValidationError" && error.name !== "FileError") throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

// The cdktf CLI, which sets SYNTH_HCL_OUTPUT for every app it runs, prints the warnings itself.
if (entry === "main" && process.env.SYNTH_HCL_OUTPUT === undefined) {
  // Where the app wrote: CDKTF_OUTDIR (an empty value counts as unset), from the working directory.
  const outdir = path.resolve(process.env.CDKTF_OUTDIR || "cdktf.out");
  process.on("exit", (code) => code === 0 && reportSynthesis(outdir));
}

/** Lists each synthesized stack and its warnings; the cdktf CLI prints these itself. */
function reportSynthesis(outdir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  for (const [name, stack] of Object.entries(manifest.stacks)) {
    const file = path.relative(process.cwd(), path.join(outdir, stack.synthesizedStackPath));
    process.stderr.write(`Synthesized stack '${name}': ${file}\n`);
    for (const note of stack.annotations) {
      const level = note.level.replace("@cdktf/", "");
      process.stderr.write(`  [${level}] ${note.constructPath}: ${note.message}\n`);
    }
  }
}
