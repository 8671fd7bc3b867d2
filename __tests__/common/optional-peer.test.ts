import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MissingPeerError, OPTIONAL_PEERS, requireOptionalPeer } from "../../lib/common";

const ourPackage = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8"));

describe("loading an optional peer dependency", () => {
  it("returns the module when the project has the package", () => {
    const module = requireOptionalPeer<typeof import("@cdktf/provider-random/lib/password")>(
      OPTIONAL_PEERS.random,
      "@cdktf/provider-random/lib/password",
      "a passphrase",
    );
    expect(typeof module.Password).toBe("function");
  });

  it("fails with one line naming the package, the range for the project's cdktf line and the feature", () => {
    const peer = { name: "@cdktf/provider-nothing", range: { "0.20": "^1.0.0", "0.21": "^2.0.0" } };
    const load = () => requireOptionalPeer(peer, "@cdktf/provider-nothing/lib/password", "Vault with passphrase: true");
    expect(load).toThrow(MissingPeerError);
    // This repository's cdktf is 0.21.
    expect(load).toThrow(
      /^Vault with passphrase: true needs @cdktf\/provider-nothing, an optional peer dependency this project does not have: add @cdktf\/provider-nothing@\^2\.0\.0 \(npm install, pnpm add or yarn add\)$/,
    );
  });

  it("passes on a module the package cannot load in turn, which is no missing peer", () => {
    const dir = mkdtempSync(join(tmpdir(), "corso-peer-"));
    mkdirSync(join(dir, "lib"));
    writeFileSync(join(dir, "lib/broken.js"), 'require("./gone");\n');
    expect(() => requireOptionalPeer(OPTIONAL_PEERS.identity, join(dir, "lib/broken.js"), "sign-in")).toThrow(
      /Cannot find module '\.\/gone'/,
    );
  });

  it("names ranges package.json's peerDependencies declare optional", () => {
    const peers = ourPackage.peerDependencies;
    expect(ourPackage.peerDependenciesMeta["@azure/identity"]).toEqual({ optional: true });
    expect(ourPackage.peerDependenciesMeta["@cdktf/provider-random"]).toEqual({ optional: true });
    expect(peers["@azure/identity"]).toBe(OPTIONAL_PEERS.identity.range);
    expect(peers["@cdktf/provider-random"]).toBe(
      `${OPTIONAL_PEERS.random.range["0.20"]} || ${OPTIONAL_PEERS.random.range["0.21"]}`,
    );
    // Only corso-adopt signs in with @azure/identity: installing the package never brings it.
    expect(ourPackage.dependencies).not.toHaveProperty("@azure/identity");
    expect(ourPackage.devDependencies).toHaveProperty("@azure/identity");
  });
});
