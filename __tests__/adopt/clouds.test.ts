import { resolveCloud } from "../../lib/adopt";

describe("resolveCloud", () => {
  it("takes Graph and the sign-in host from --environment, else ARM_ENVIRONMENT, else the public cloud", () => {
    expect(resolveCloud(undefined, undefined, {})).toEqual({
      name: "public",
      authorityHost: "https://login.microsoftonline.com",
      graphEndpoint: "https://graph.microsoft.com",
    });
    expect(resolveCloud("china", undefined, { ARM_ENVIRONMENT: "usgovernment" }).graphEndpoint).toBe(
      "https://microsoftgraph.chinacloudapi.cn",
    );
    expect(resolveCloud(undefined, undefined, { ARM_ENVIRONMENT: "USGovernmentL4" })).toEqual({
      name: "usgovernment",
      authorityHost: "https://login.microsoftonline.us",
      graphEndpoint: "https://graph.microsoft.us",
    });
  });

  it("replaces Graph's root with --graph-endpoint, keeping the cloud's sign-in host", () => {
    expect(resolveCloud("usgovernment", "https://dod-graph.microsoft.us/", {})).toEqual({
      name: "usgovernment",
      authorityHost: "https://login.microsoftonline.us",
      graphEndpoint: "https://dod-graph.microsoft.us",
    });
    expect(resolveCloud(undefined, "http://127.0.0.1:8080", {}).graphEndpoint).toBe("http://127.0.0.1:8080");
  });

  it("rejects an unknown cloud and an endpoint the token must not travel to", () => {
    expect(() => resolveCloud("germany", undefined, {})).toThrow(
      "--environment must be one of public, usgovernment, china; got 'germany'",
    );
    expect(() => resolveCloud(undefined, undefined, { ARM_ENVIRONMENT: "dod" })).toThrow(
      "ARM_ENVIRONMENT 'dod' is not one of global, public, usgovernment, usgovernmentl4, china: give --environment and, for another cloud, --graph-endpoint",
    );
    expect(() => resolveCloud(undefined, "http://graph.example.com", {})).toThrow(
      "--graph-endpoint 'http://graph.example.com' must use https (plain http only on 127.0.0.1): the access token is sent there",
    );
    expect(() => resolveCloud(undefined, "graph.microsoft.com", {})).toThrow(
      "--graph-endpoint 'graph.microsoft.com' is not a URL: give Microsoft Graph's root, such as https://graph.microsoft.com",
    );
    expect(() => resolveCloud(undefined, "https://graph.microsoft.com/?x=1", {})).toThrow(
      "--graph-endpoint 'https://graph.microsoft.com/?x=1' must be Graph's root, without a query, fragment or user",
    );
  });
});
