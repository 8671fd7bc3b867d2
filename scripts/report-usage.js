// Preloaded by the benchmark (`node -r`): writes the process's peak memory to BENCH_USAGE_FILE on exit.
const fs = require("node:fs");

process.on("exit", () => {
  const file = process.env.BENCH_USAGE_FILE;
  if (file) fs.writeFileSync(file, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
});
