import { parseStatusArguments } from "../../lib/status";

describe("parseStatusArguments", () => {
  it("reads every option into a request", () => {
    expect(
      parseStatusArguments([
        "--from",
        "outputs.json",
        "--stack",
        "contoso",
        "--min-days",
        "22.5",
        "--json",
        "--prefix",
        "contoso_",
        "--end-date-output",
        "expiry",
        "--schedule-output",
        "schedule",
      ]),
    ).toEqual({
      from: "outputs.json",
      stack: "contoso",
      minDays: 22.5,
      json: true,
      outputNames: { prefix: "contoso_", endDate: "expiry", schedule: "schedule" },
    });
  });

  it("reads standard input by default, and judges with the schedule's threshold", () => {
    expect(parseStatusArguments([])).toEqual({ json: false, outputNames: {} });
  });

  it("lists stacks for a matrix with --list-stacks alone", () => {
    expect(parseStatusArguments(["--list-stacks", "cdktf.out"])).toEqual({ listStacks: "cdktf.out" });
    expect(parseStatusArguments(["--list-stacks", "cdktf.out", "--json"])).toEqual({
      usage: true,
      problem: "--list-stacks reads a synthesis only; --json cannot go with it",
    });
  });

  it.each([
    [["--min-days=-1"], '--min-days must be a number of days from 0 to 9999; got "-1"'],
    [["--min-days", "1e3"], '--min-days must be a number of days from 0 to 9999; got "1e3"'],
    [["--stack", ""], "--stack needs a value; got an empty one"],
    [["--days", "3"], "Unknown option '--days'"],
  ])("rejects %j", (argv, problem) => {
    expect(parseStatusArguments(argv)).toEqual({ usage: true, problem: expect.stringContaining(problem) });
  });

  it("rejects a terminal as the outputs, and asks for help only when asked", () => {
    expect(parseStatusArguments([], true)).toEqual({
      usage: true,
      problem: "give the outputs with --from FILE or on standard input",
    });
    expect(parseStatusArguments(["--help"])).toEqual({ usage: true });
  });
});
