/** Tests run through swc (no type-checking: `npm run typecheck` does that once for the whole tree). */
module.exports = {
  testEnvironment: "node",
  // The package test waits mostly on npm and tsc child processes; two workers keep both cores busy.
  maxWorkers: 2,
  testSequencer: "<rootDir>/scripts/test-sequencer.js",
  roots: ["<rootDir>/__tests__"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }],
  },
  testMatch: ["**/*.test.ts"],
  moduleFileExtensions: ["ts", "js", "json"],
  moduleNameMapper: { "^corso-m365-cdktf$": "<rootDir>/lib/index.ts" },
};
