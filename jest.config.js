/**
 * Tests run through swc (no type-checking: `tsc` does that once for the whole tree, in `npm test`).
 * The package test (pack, install into two host projects, type-check, synthesize) takes far longer
 * than the rest, so it runs on its own: `npm run test:package`, which CI runs after `npm test`.
 */
module.exports = {
  testEnvironment: "node",
  // Tests spend much of their time waiting on child processes: two workers keep both cores busy.
  maxWorkers: 2,
  roots: ["<rootDir>/__tests__"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }],
  },
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/__tests__/package\\.test\\.ts$"],
  moduleFileExtensions: ["ts", "js", "json"],
  moduleNameMapper: {
    "^corso-m365-cdktf$": "<rootDir>/lib/index.ts",
    "^corso-m365-cdktf/key-vault-secrets$": "<rootDir>/lib/key-vault-secrets.ts",
  },
};
