// `npm run bench`: how long synthesis takes and how much memory it needs, against the floor of
// node loading cdktf and synthesizing an empty stack. Prints medians of several runs: wall-clock time,
// and CPU time, which other work on a shared machine disturbs far less.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { build, isFresh } = require("./build");

const root = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const GOALS = { ratio: 1.3, peakMiB: 150, hundredTenants: 5, thousandTenantsSeconds: 6 };

/** Runs `node args` `runs` times in a fresh output directory; returns median wall and CPU seconds, and peak MiB. */
function measure(args, env = {}, runs = RUNS) {
  const times = [];
  const cpuTimes = [];
  let peakKiB = 0;
  for (let i = 0; i < runs; i++) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "corso-bench-"));
    const usageFile = path.join(outdir, "usage.json");
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ["-r", path.join(__dirname, "report-usage.js"), ...args], {
      cwd: root,
      env: { ...process.env, ...env, CDKTF_OUTDIR: path.join(outdir, "out"), BENCH_USAGE_FILE: usageFile },
      encoding: "utf8",
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (run.status !== 0) throw new Error(`node ${args.join(" ")} failed:\n${run.stderr}`);
    times.push(seconds);
    const usage = JSON.parse(fs.readFileSync(usageFile, "utf8"));
    peakKiB = Math.max(peakKiB, usage.maxRssKiB);
    cpuTimes.push(usage.cpuSeconds);
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { seconds: median(times), cpuSeconds: median(cpuTimes), peakMiB: peakKiB / 1024 };
}

/** Writes a config with `count` tenants (names and tenant ids derived from the index) to a temporary file. */
function writeConfig(count) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "corso-bench-config-"));
  const hex = (i) => i.toString(16).padStart(12, "0");
  const tenants = Array.from({ length: count }, (_, i) => ({
    name: `tenant-${String(i).padStart(3, "0")}`,
    tenantId: `00000000-0000-4000-8000-${hex(i + 1)}`,
    owners: [`11111111-0000-4000-8000-${hex(i)}`, `22222222-0000-4000-8000-${hex(i)}`],
  }));
  const file = path.join(dir, "corso.config.json");
  fs.writeFileSync(file, JSON.stringify({ tenants }));
  return file;
}

const EMPTY_STACK = `const { App, TerraformStack } = require("cdktf");
const app = new App(); new TerraformStack(app, "empty"); app.synth();`;

function row(name, result, floor) {
  const ratio = floor ? `${(result.seconds / floor.seconds).toFixed(2)}x` : "1.00x";
  return `${name.padEnd(44)} ${result.seconds.toFixed(3).padStart(7)} s ${ratio.padStart(7)} ${result.cpuSeconds.toFixed(3).padStart(7)} s ${result.peakMiB.toFixed(0).padStart(6)} MiB`;
}

function main() {
  if (!isFresh()) build();
  console.log(`Synthesis benchmark: median of ${RUNS} runs on ${os.cpus().length} cores, node ${process.version}\n`);
  console.log(
    `${"what".padEnd(44)} ${"time".padStart(9)} ${"vs floor".padStart(7)} ${"cpu".padStart(9)} ${"peak".padStart(10)}`,
  );
  const floor = measure(["-e", EMPTY_STACK]);
  console.log(row("floor: cdktf, empty stack", floor));
  const synth = measure([path.join(__dirname, "run-built.js"), "main"]);
  console.log(row("npm run synth (past npm's start-up)", synth, floor));

  const vault = "/subscriptions/0/resourceGroups/bench/providers/Microsoft.KeyVault/vaults/bench";
  const withVault = measure([path.join(__dirname, "run-built.js"), "main"], { CORSO_KEY_VAULT_ID: vault });
  console.log(row("synth with Key Vault delivery (azurerm)", withVault, floor));

  console.log(
    `\n${"tenants (one stack each, from a generated config)".padEnd(52)} ${"time".padStart(9)} ${"vs 1".padStart(7)} ${"cpu".padStart(9)} ${"peak".padStart(10)}`,
  );
  const scale = {};
  for (const count of [1, 10, 100, 1000]) {
    const file = writeConfig(count);
    scale[count] = measure([path.join(__dirname, "run-built.js"), "main"], { CORSO_CONFIG: file });
    const vsOne = `${(scale[count].seconds / scale[1].seconds).toFixed(2)}x`;
    console.log(
      `${`${count} tenant${count === 1 ? "" : "s"}`.padEnd(52)} ${scale[count].seconds.toFixed(3).padStart(7)} s ${vsOne.padStart(7)} ${scale[count].cpuSeconds.toFixed(3).padStart(7)} s ${scale[count].peakMiB.toFixed(0).padStart(6)} MiB`,
    );
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }

  const ratio = synth.seconds / floor.seconds;
  const failures = [];
  if (ratio > GOALS.ratio) failures.push(`synth takes ${ratio.toFixed(2)}x the floor (goal: ${GOALS.ratio}x)`);
  if (synth.peakMiB > GOALS.peakMiB)
    failures.push(`synth peaks at ${synth.peakMiB.toFixed(0)} MiB (goal: ${GOALS.peakMiB})`);
  const scaleRatio = scale[100].seconds / scale[1].seconds;
  if (scaleRatio > GOALS.hundredTenants) {
    failures.push(`100 tenants take ${scaleRatio.toFixed(2)}x the time of 1 (goal: ${GOALS.hundredTenants}x)`);
  }
  if (scale[1000].seconds > GOALS.thousandTenantsSeconds) {
    failures.push(
      `1000 tenants take ${scale[1000].seconds.toFixed(2)} s (goal: under ${GOALS.thousandTenantsSeconds} s)`,
    );
  }
  // Sub-linear: a hundred times the tenants must cost well under a hundred times the memory.
  if (scale[100].peakMiB > 10 * scale[1].peakMiB) {
    failures.push(`100 tenants peak at ${scale[100].peakMiB.toFixed(0)} MiB, over 10x one tenant's`);
  }
  console.log(failures.length === 0 ? "\nAll goals met." : `\nMissed goals:\n- ${failures.join("\n- ")}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

main();
