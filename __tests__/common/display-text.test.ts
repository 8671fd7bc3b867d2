import { displayJson, displayLines, displayText, hasUnsafeCharacter } from "../../lib/common";

// Everything a hostile name could use to rewrite what a terminal shows, and a sample of invisible text.
const TITLE = "\u001b]0;pwned\u0007";
const ERASE_LINE = "\u001b[2K";
const CSI_C1 = "\u009b2K";
const TAG_HIDDEN = "\u{E0069}\u{E0067}\u{E006E}";

describe("displayText", () => {
  it("writes ESC and BEL as visible escapes, so a name cannot set the terminal title", () => {
    expect(displayText(`Corso${TITLE}`)).toBe("Corso\\u{001B}]0;pwned\\u{0007}");
  });

  it("writes an erase-line sequence and a C1 control visibly", () => {
    const shown = displayText(`${ERASE_LINE}fine ${CSI_C1}`);
    expect(shown).toBe("\\u{001B}[2Kfine \\u{009B}2K");
    expect([...shown].filter((char) => /\p{Cc}/u.test(char))).toEqual([]);
  });

  it("writes line breaks, DEL and tabs visibly, so the result is one line", () => {
    expect(displayText("a\nb\r\tc\u007f")).toBe("a\\nb\\r\\tc\\u{007F}");
  });

  it("writes bidirectional overrides and isolates visibly", () => {
    expect(displayText("admin\u202Etxt.exe")).toBe("admin\\u{202E}txt.exe");
    expect(displayText("\u2066x\u2069\u200F")).toBe("\\u{2066}x\\u{2069}\\u{200F}");
  });

  it("writes zero-width, tag characters, variation selectors and lone surrogates visibly", () => {
    expect(displayText(`a\u200Bb${TAG_HIDDEN}\uFE0F\u{E0100}\uD800`)).toBe(
      "a\\u{200B}b\\u{E0069}\\u{E0067}\\u{E006E}\\u{FE0F}\\u{E0100}\\u{D800}",
    );
  });

  it("keeps ordinary names in any script as they are", () => {
    for (const name of ["Corso Backup (mail, files) - 2024's", "Sauvegarde été", "コルソ", "C:\\corso\\x.json"]) {
      expect(displayText(name)).toBe(name);
      expect(hasUnsafeCharacter(name)).toBe(false);
    }
  });
});

describe("displayLines", () => {
  it("keeps the line breaks between lines and escapes everything else", () => {
    expect(displayLines(`one${ERASE_LINE}\ntwo\r`)).toBe("one\\u{001B}[2K\ntwo\\r");
  });
});

describe("displayJson", () => {
  it("escapes C1, bidi and tag characters JSON.stringify leaves raw, and still parses to the same value", () => {
    const value = { displayName: `x\u009b\u202E${TAG_HIDDEN}\u001b` };
    const json = JSON.stringify(value, null, 2);
    expect(json).toContain("\u009b");
    const shown = displayJson(json);
    expect(hasUnsafeCharacter(shown.replace(/\n/g, ""))).toBe(false);
    expect(shown).toContain("\\u009b\\u202e\\udb40\\udc69");
    expect(JSON.parse(shown)).toEqual(value);
  });
});
