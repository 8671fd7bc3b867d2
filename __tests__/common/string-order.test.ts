import { compare } from "../../lib/common/string-order";

describe("compare", () => {
  it("orders by code unit, not by locale, so output is the same on every machine", () => {
    expect(["b", "a", "B", "MailboxSettings.Read", "Mail.ReadWrite"].sort(compare)).toEqual([
      "B",
      "Mail.ReadWrite",
      "MailboxSettings.Read",
      "a",
      "b",
    ]);
    expect(compare("x", "x")).toBe(0);
  });
});
