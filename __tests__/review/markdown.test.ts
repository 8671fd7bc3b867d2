import MarkdownIt from "markdown-it";
import { code, text } from "../../lib/review/markdown";
import { review } from "../../lib/review/run";
import { type StackJson, defaultStackJson, writeSynthesis } from "../support/synthesis";

// GitHub renders comments as GitHub Flavored Markdown with a subset of HTML; markdown-it with HTML
// enabled is a stricter stand-in: anything that survives it as markup would survive on GitHub.
const markdown = new MarkdownIt({ html: true });
const render = (source: string) => markdown.render(source);
const renderInline = (source: string) => markdown.renderInline(source);

describe("text", () => {
  it("turns an HTML comment opener into text, so it cannot hide the rest of the comment", () => {
    expect(text("Corso <!-- hidden")).toBe("Corso &lt;\\!-- hidden");
    expect(renderInline(text("Corso <!-- hidden"))).toBe("Corso &lt;!-- hidden");
  });

  it("keeps backticks from opening a code span", () => {
    expect(text("a ` b")).toBe("a \\` b");
    expect(renderInline(text("a ` b ` c"))).toBe("a ` b ` c");
  });

  it("keeps a pipe from splitting a table cell", () => {
    const row = `| Name | ${text("a | b")} |`;
    const html = render(`| | |\n| --- | --- |\n${row}\n`);
    expect(html).toContain("<td>a | b</td>");
    expect(html.match(/<td>/g)).toHaveLength(2);
  });

  it("writes a line break as a visible \\n, so it cannot start a new line of the report", () => {
    expect(text("Corso\n- `corso`: forged")).toBe("Corso\\\\n- \\`corso\\`: forged");
    expect(render(`- ${text("Corso\n- forged")}`).match(/<li>/g)).toHaveLength(1);
  });

  it("turns a script tag into text", () => {
    expect(text("<script>alert(1)</script>")).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(render(text("<script>alert(1)</script>"))).not.toContain("<script>");
  });

  it("escapes an ampersand, so no entity can be forged", () => {
    expect(text("&lt;b&gt; & co")).toBe("&amp;lt;b&amp;gt; &amp; co");
    expect(renderInline(text("&lt;b&gt; & co"))).toBe("&amp;lt;b&amp;gt; &amp; co");
  });

  it("shows bidirectional and other invisible characters as escapes", () => {
    expect(text("admin\u202Etxt.exe")).toBe("admin\\\\u{202E}txt.exe");
  });

  it("shows tag characters, variation selectors and other invisible format characters as escapes", () => {
    // "ignore" spelt in Unicode tag characters, invisible in a browser but read by anything that parses the text.
    const hidden = "Corso\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}\uFE0F\u{E0100}\u034F\u2064\u{1D173}";
    const shown = text(hidden);
    expect(shown).toBe(
      "Corso\\\\u{E0069}\\\\u{E0067}\\\\u{E006E}\\\\u{E006F}\\\\u{E0072}\\\\u{E0065}\\\\u{FE0F}\\\\u{E0100}\\\\u{034F}\\\\u{2064}\\\\u{1D173}",
    );
    expect(renderInline(shown)).toBe(
      "Corso\\u{E0069}\\u{E0067}\\u{E006E}\\u{E006F}\\u{E0072}\\u{E0065}\\u{FE0F}\\u{E0100}\\u{034F}\\u{2064}\\u{1D173}",
    );
    expect(code(hidden)).toBe(`<code>${shown}</code>`);
  });

  it("leaves ordinary names as they are", () => {
    expect(text("Corso Backup (mail, files) - 2024's")).toBe("Corso Backup (mail, files) - 2024's");
  });
});

describe("code", () => {
  it("fences text holding backticks with a longer run, so it cannot close early", () => {
    expect(code("a `` b")).toBe("```a `` b```");
    expect(renderInline(code("a `` b"))).toBe("<code>a `` b</code>");
    expect(renderInline(code("`x"))).toBe("<code>`x</code>");
  });

  it("keeps an HTML comment opener and a script tag inert inside a code span", () => {
    expect(renderInline(code("<!-- x"))).toBe("<code>&lt;!-- x</code>");
    expect(renderInline(code("<script>"))).toBe("<code>&lt;script&gt;</code>");
  });

  it("writes text with a pipe or a line break as an HTML code element of escaped text", () => {
    expect(code("a|b")).toBe("<code>a\\|b</code>");
    expect(code("a\nb")).toBe("<code>a\\\\nb</code>");
    const html = render(`| | |\n| --- | --- |\n| x | ${code("a | b")} |\n`);
    expect(html.match(/<td>/g)).toHaveLength(2);
  });
});

describe("the report of a hostile stack", () => {
  const hostile = "Evil ` <!-- | <script>x</script> & \n### Forged heading";
  const json: StackJson = defaultStackJson();
  const application = json.resource.azuread_application.Corso_Application_4C8105D7;
  application.display_name = hostile;
  application.notes = hostile;
  application.tags = [hostile];
  application.owners.push(hostile);
  application.tags.push("Backup\u{E0041}\u{E0042}\uFE0F\u200D");
  const source = review({ dir: writeSynthesis({ corso: json }) }).markdown;
  const html = render(source);

  it("shows every section after the hostile text: nothing is hidden", () => {
    expect(html).not.toContain("<!--");
    expect(html).not.toContain("<script>");
    expect(html).toContain("<p>Microsoft Graph permissions (14):</p>");
    expect(html).toContain("<p>Ways to sign in or control it:</p>");
  });

  it("carries no invisible format character into the Markdown: tag characters and variation selectors are escaped", () => {
    expect([...source].filter((char) => /[\p{Cf}\p{Variation_Selector}]/u.test(char))).toEqual([]);
    expect(html).toContain("Backup\\u{E0041}\\u{E0042}\\u{FE0F}\\u{200D}");
  });

  it("forges no heading and no table cell", () => {
    expect(html.match(/<h3>/g)).toHaveLength(1);
    expect(html).toContain("<h3>Evil ` &lt;!-- | &lt;script&gt;x&lt;/script&gt; &amp; \\n### Forged heading</h3>");
    for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) {
      expect((row.match(/<t[dh]>/g) ?? []).length).toBeGreaterThanOrEqual(2);
      expect((row.match(/<t[dh]>/g) ?? []).length).toBeLessThanOrEqual(5);
    }
    expect(html).toContain(
      "<td>Notes</td>\n<td>Evil ` &lt;!-- | &lt;script&gt;x&lt;/script&gt; &amp; \\n### Forged heading</td>",
    );
  });
});
