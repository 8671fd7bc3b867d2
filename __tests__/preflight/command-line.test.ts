import { parsePreflightArguments } from "../../lib/preflight";

describe("parsePreflightArguments", () => {
  it("reads every option", () => {
    expect(
      parsePreflightArguments([
        "--from",
        "outputs.json",
        "--stack",
        "contoso",
        "--synth",
        "out",
        "--services",
        "exchange,teams,exchange",
        "--user",
        "adele@contoso.example",
        "--group",
        "g",
        "--wait-seconds",
        "120",
        "--json",
        "--prefix",
        "contoso_",
      ]),
    ).toEqual({
      from: "outputs.json",
      env: false,
      stack: "contoso",
      synth: "out",
      services: ["exchange", "teams"],
      user: "adele@contoso.example",
      group: "g",
      waitSeconds: 120,
      json: true,
      outputNames: { prefix: "contoso_", clientId: undefined, tenantId: undefined, clientSecret: undefined },
    });
  });

  it.each([
    [
      ["--services", "exchnage"],
      '--services: unknown Corso service "exchnage"; expected a comma-separated list of exchange, onedrive, sharepoint, groups, teams, chats',
    ],
    [["--wait-seconds", "5m"], '--wait-seconds must be a whole number of seconds from 0 to 9999; got "5m"'],
    [["--env", "--from", "x.json"], "--env and --from both give the credentials: use one"],
    [["--env", "--prefix", "a_"], "--prefix names an output, but --env reads the environment"],
    [["--user", ""], "--user needs a value; got an empty one"],
  ])("rejects %j", (argv, problem) => {
    expect(parsePreflightArguments(argv)).toEqual({ usage: true, problem });
  });

  it("asks for the outputs when standard input is a terminal, and not with --env", () => {
    expect(parsePreflightArguments([], true)).toEqual({
      usage: true,
      problem: "give the outputs with --from FILE or on standard input, or --env",
    });
    expect(parsePreflightArguments(["--env"], true)).toMatchObject({ env: true });
  });
});
