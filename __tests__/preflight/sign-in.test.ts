import { diagnoseGraph, mayPropagate, readGraphFailure, safeText, tokenRoles } from "../../lib/preflight";

const jwt = (payload: unknown) =>
  ["{}", JSON.stringify(payload)].map((part) => Buffer.from(part).toString("base64url")).join(".") + ".sig";

describe("tokenRoles", () => {
  it("reads the roles claim of the token's payload", () => {
    expect(tokenRoles(jwt({ roles: ["Mail.ReadWrite", "User.Read.All"], tid: "t" }))).toEqual([
      "Mail.ReadWrite",
      "User.Read.All",
    ]);
  });

  it("gives no roles for a token without the claim, with a malformed payload, or that is no JWT", () => {
    expect(tokenRoles(jwt({ tid: "t" }))).toEqual([]);
    expect(tokenRoles(jwt({ roles: "Mail.ReadWrite" }))).toEqual([]);
    expect(tokenRoles("a.bm90IGpzb24.c")).toEqual([]);
    expect(tokenRoles("opaque-token")).toEqual([]);
  });
});

describe("mayPropagate", () => {
  it("retries only what a fresh deploy or a busy service answers", () => {
    expect(mayPropagate({ status: 401, aadsts: "AADSTS7000215", description: "" })).toBe(true);
    expect(mayPropagate({ status: 400, aadsts: "AADSTS700016", description: "" })).toBe(true);
    expect(mayPropagate({ status: 503, description: "" })).toBe(true);
    expect(mayPropagate({ status: 401, aadsts: "AADSTS7000222", description: "" })).toBe(false);
    expect(mayPropagate({ status: 400, aadsts: "AADSTS53003", description: "" })).toBe(false);
    expect(mayPropagate({ status: 400, aadsts: "AADSTS90002", description: "" })).toBe(false);
  });
});

describe("readGraphFailure", () => {
  it("reads Graph's error code and message, made safe for a terminal", () => {
    const body = JSON.stringify({
      error: { code: "ErrorAccessDenied", message: "Access\u001b[31m to OData\n is disabled.\u202e" },
    });
    expect(readGraphFailure(403, body)).toEqual({
      status: 403,
      code: "ErrorAccessDenied",
      message: "Access\\u{001B}[31m to OData is disabled.\\u{202E}",
    });
  });

  it("gives the status alone for an answer that is not Graph's", () => {
    expect(readGraphFailure(502, "<html>Bad gateway</html>")).toEqual({
      status: 502,
      message: "(no Graph error in the answer, HTTP 502)",
    });
  });

  it("removes secrets before shortening, so that no part of one survives", () => {
    const token = "x".repeat(300);
    const failure = readGraphFailure(
      403,
      JSON.stringify({ error: { code: "AccessDenied", message: `saw ${token}` } }),
      [token],
    );
    expect(failure.message).toBe("saw [redacted]");
  });
});

describe("diagnoseGraph", () => {
  const granted = new Set(["User.Read.All"]);
  const requested = new Set(["User.Read.All", "Mail.ReadWrite"]);

  it("tells consent missing (requested, not in the token) from a permission the stack does not request", () => {
    const failure = { status: 403, code: "ErrorAccessDenied", message: "Access is denied." };
    expect(diagnoseGraph(failure, { anyOf: ["Mail.ReadWrite", "Mail.Read"] }, granted, requested, "app").kind).toBe(
      "consent-missing",
    );
    expect(diagnoseGraph(failure, { anyOf: ["Chat.Read.All"] }, granted, requested, "app").kind).toBe("not-requested");
  });

  it("calls a denial with the role held access denied, showing Graph's words", () => {
    const diagnosis = diagnoseGraph(
      { status: 403, code: "accessDenied", message: "Blocked by a SharePoint policy." },
      { anyOf: ["User.Read.All"] },
      granted,
      requested,
      "app",
    );
    expect(diagnosis).toMatchObject({ kind: "access-denied", code: "accessDenied" });
    expect(diagnosis.cause).toContain("Blocked by a SharePoint policy.");
  });
});

describe("safeText", () => {
  it("cuts long text and keeps a one-line cell", () => {
    expect(safeText("a\r\nb\tc")).toBe("a b c");
    expect(safeText("é".repeat(10), 4)).toBe("éééé...");
    expect(safeText(undefined)).toBe("");
  });
});
