import { isGuid } from "../../lib/common";

describe("isGuid", () => {
  it("accepts a GUID in either case", () => {
    expect(isGuid("72f988bf-86f1-41af-91ab-2d7cd011db47")).toBe(true);
    expect(isGuid("72F988BF-86F1-41AF-91AB-2D7CD011DB47")).toBe(true);
  });

  it.each([
    "",
    "contoso.onmicrosoft.com",
    "{72f988bf-86f1-41af-91ab-2d7cd011db47}",
    "72f988bf-86f1-41af-91ab-2d7cd011db47\n",
    "72f988bf86f141af91ab2d7cd011db47",
  ])("rejects %p", (value) => {
    expect(isGuid(value)).toBe(false);
  });
});
