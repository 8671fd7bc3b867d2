import { closestName } from "../../lib/common/closest-name";

describe("closestName", () => {
  it("suggests the candidate fewest edits away, ignoring case", () => {
    expect(closestName("Mail.ReadWrit", ["Mail.Read", "Mail.ReadWrite"])).toBe("Mail.ReadWrite");
    expect(closestName("MAIL.READ", ["Mail.Read", "Mail.ReadWrite"])).toBe("Mail.Read");
  });

  it("breaks ties by the longest shared prefix", () => {
    expect(closestName("User.Read", ["Mail.Read", "User.Read.All"])).toBe("User.Read.All");
  });

  it("suggests nothing when every candidate is far away", () => {
    expect(closestName("Bookings.Manage.All", ["Mail.Read", "User.Read.All"])).toBeUndefined();
  });
});
