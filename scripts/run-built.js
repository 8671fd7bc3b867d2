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

/**
 * Lists the synthesized stacks and their warnings; the cdktf CLI prints these itself. With several
 * stacks, a warning that several of them share (same level, same construct below the stack, same
 * message) is printed once, naming those stacks, rather than once per stack.
 */
function reportSynthesis(outdir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const stacks = Object.entries(manifest.stacks);
  const fileOf = (stack) => path.relative(process.cwd(), path.join(outdir, stack.synthesizedStackPath));
  const line = (note, where) => `  [${note.level.replace("@cdktf/", "")}] ${where}: ${note.message}\n`;
  if (stacks.length === 1) {
    const [name, stack] = stacks[0];
    process.stderr.write(`Synthesized stack '${name}': ${fileOf(stack)}\n`);
    for (const note of stack.annotations) process.stderr.write(line(note, note.constructPath));
    return;
  }
  const names = stacks.map(([name]) => name);
  const where = fileOf({ synthesizedStackPath: path.join("stacks", "<name>", "cdk.tf.json") });
  process.stderr.write(`Synthesized ${stacks.length} stacks, each in ${where}: ${names.join(", ")}\n`);
  // Warnings by construct below the stack and message, in the order first met.
  const shared = new Map();
  for (const [name, stack] of stacks) {
    for (const note of stack.annotations) {
      const below = note.constructPath.startsWith(`${name}/`) ? note.constructPath.slice(name.length + 1) : undefined;
      const key = JSON.stringify([note.level, below ?? note.constructPath, note.message]);
      if (!shared.has(key)) shared.set(key, { note, below, stacks: [] });
      shared.get(key).stacks.push(name);
    }
  }
  for (const { note, below, stacks: having } of shared.values()) {
    if (having.length === 1 || below === undefined) {
      process.stderr.write(line(note, note.constructPath));
    } else if (having.length === names.length) {
      process.stderr.write(line(note, `<name>/${below} in every stack (${having.length})`));
    } else {
      process.stderr.write(line(note, `<name>/${below} in ${having.length} stacks (${having.join(", ")})`));
    }
  }
}
