// Starts the slowest test file (the package test, which waits on npm and tsc) first, so that the
// other files run beside it; jest only learns durations after a first run, and CI never has one.
const Sequencer = require("@jest/test-sequencer").default;

class SlowestFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const isPackageTest = (test) => test.path.endsWith("package.test.ts");
    return [...sorted.filter(isPackageTest), ...sorted.filter((test) => !isPackageTest(test))];
  }
}

module.exports = SlowestFirst;
