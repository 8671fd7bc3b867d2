import { CREDENTIALS_USAGE, parseCredentialsArguments } from "../../lib/credentials/command-line";

describe("parseCredentialsArguments", () => {
  it("reads every option into a request", () => {
    expect(
      parseCredentialsArguments([
        "--format=dotenv",
        "--from",
        "outputs.json",
        "--stack",
        "contoso",
        "--out",
        ".env",
        "--prefix",
        "contoso_",
        "--client-id-output",
        "id",
        "--tenant-id-output",
        "tenant",
        "--client-secret-output",
        "secret",
        "--passphrase-output",
        "pass",
      ]),
    ).toEqual({
      format: "dotenv",
      from: "outputs.json",
      stack: "contoso",
      out: ".env",
      outputNames: {
        prefix: "contoso_",
        clientId: "id",
        tenantId: "tenant",
        clientSecret: "secret",
        passphrase: "pass",
      },
    });
  });

  it("takes --merge as TOML without --format", () => {
    expect(parseCredentialsArguments(["--merge", "c.toml"])).toMatchObject({ format: "toml", merge: "c.toml" });
    expect(parseCredentialsArguments(["--merge", "c.toml", "--format", "toml"])).toMatchObject({ format: "toml" });
  });

  it("asks for help with --help or -h", () => {
    expect(parseCredentialsArguments(["--help"])).toEqual({ usage: true });
    expect(parseCredentialsArguments(["-h", "--format", "fish"])).toEqual({ usage: true });
  });

  it.each([
    [["--format", "fish"], '--format must be one of bash, powershell, dotenv, toml; got "fish"'],
    [["--from", "outputs.json"], "give --format or --merge"],
    [
      ["--merge", "c.toml", "--format", "dotenv"],
      "--merge writes Corso's TOML config file; --format dotenv cannot go with it",
    ],
    [["--merge", "c.toml", "--out", "x"], "--merge rewrites the file it names; --out cannot go with it"],
    [["--format", "bash", "extra"], "Unexpected argument 'extra'. This command does not take positional arguments"],
    [["--format", "bash", "--colour"], "Unknown option '--colour'"],
    [["--format", "bash", "--out"], "Option '--out <value>' argument missing"],
    ...[
      "from",
      "out",
      "merge",
      "stack",
      "prefix",
      "client-id-output",
      "tenant-id-output",
      "client-secret-output",
      "passphrase-output",
    ].map((name) => [["--format", "bash", `--${name}`, ""], `--${name} needs a value; got an empty one`]),
  ])("rejects %p", (argv, problem) => {
    const parsed = parseCredentialsArguments(argv as string[]);
    expect(parsed).toMatchObject({ usage: true });
    expect((parsed as { problem: string }).problem.startsWith(problem as string)).toBe(true);
  });

  it("rejects reading the outputs from a terminal", () => {
    expect(parseCredentialsArguments(["--format", "bash"], true)).toEqual({
      usage: true,
      problem: "give the outputs with --from FILE or on standard input",
    });
    expect(parseCredentialsArguments(["--format", "bash", "--from", "o.json"], true)).toMatchObject({ from: "o.json" });
  });

  it("documents every option and the exit statuses in the usage", () => {
    for (const option of [
      "--from FILE",
      "--stack NAME",
      "--client-id-output NAME",
      "--tenant-id-output NAME",
      "--client-secret-output NAME",
      "--passphrase-output NAME",
      "--prefix PREFIX",
      "--format FORMAT",
      "--out FILE",
      "--merge CORSO_TOML",
    ]) {
      expect(CREDENTIALS_USAGE).toContain(`\n  ${option} `);
    }
    expect(CREDENTIALS_USAGE).toContain(
      "Exit status: 0 done; 1 unreadable, incomplete or unsafe input, or a file that cannot be read or\nwritten (then nothing is printed and no file changes); 2 wrong command line.\n",
    );
  });
});
