import { DEFAULT_ENDPOINTS, preflightEndpoints } from "../../lib/preflight";
import { failure } from "../support/failure";

describe("preflightEndpoints", () => {
  it("uses Microsoft's global cloud by default", () => {
    expect(preflightEndpoints({}, {})).toEqual({
      login: "https://login.microsoftonline.com",
      graph: "https://graph.microsoft.com",
    });
    expect(DEFAULT_ENDPOINTS.login).toBe("https://login.microsoftonline.com");
  });

  it("takes each endpoint from its variable, without a trailing slash, and nothing else from the environment", () => {
    const env = {
      CORSO_PREFLIGHT_LOGIN_URL: "http://127.0.0.1:8123/",
      CORSO_PREFLIGHT_GRAPH_URL: "https://graph.proxy.example/root/",
      AZURE_CLIENT_SECRET: "not read here",
    };
    expect(preflightEndpoints({}, env)).toEqual({
      login: "http://127.0.0.1:8123",
      graph: "https://graph.proxy.example/root",
    });
  });

  it("rejects http to another machine: the client secret would cross the network in clear text", () => {
    expect(failure(() => preflightEndpoints({}, { CORSO_PREFLIGHT_LOGIN_URL: "http://login.example" }))).toBe(
      'CORSO_PREFLIGHT_LOGIN_URL must be an https URL (http only to 127.0.0.1 or localhost): got "http://login.example"',
    );
  });

  it("rejects a URL with a password without showing it, and one that is not a URL", () => {
    const message = failure(() =>
      preflightEndpoints({}, { CORSO_PREFLIGHT_GRAPH_URL: "https://user:hunter2@graph.example" }),
    );
    expect(message).toBe(
      "CORSO_PREFLIGHT_GRAPH_URL must not hold a user or password: give the endpoint's root URL alone",
    );
    expect(failure(() => preflightEndpoints({}, { CORSO_PREFLIGHT_GRAPH_URL: "graph" }))).toBe(
      'CORSO_PREFLIGHT_GRAPH_URL is not a URL: got "graph"; expected e.g. https://login.microsoftonline.com',
    );
  });
});
