// Preloaded by the benchmark (`node -r`): writes the process's peak memory and CPU time (all its
// threads, user and system) to BENCH_USAGE_FILE on exit.
const fs = require("node:fs");

process.on("exit", () => {
  const file = process.env.BENCH_USAGE_FILE;
  const usage = process.resourceUsage();
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  if (file) fs.writeFileSync(file, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuSeconds }));
});
