import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ChatThread } from "stompkit/chat";
import { chatOf, msg, renderStrict } from "./helpers";

describe("ChatThread safety", () => {
  it("renders bodies as text: markup stays markup-free", () => {
    const body = '<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a>';
    const { container } = renderStrict(<ChatThread chat={chatOf({ messages: [msg(1, { body })] })} />);
    expect(container.querySelector("img, script")).toBeNull();
    expect(container.querySelectorAll("a")).toHaveLength(0);
    expect(screen.getByRole("article")).toHaveTextContent(body);
  });

  it("makes links only from http(s)/mailto ranges, with rel=noopener noreferrer", () => {
    const body = "a javascript: b data: c vbscript: d https e mail";
    const at = (word: string) => body.indexOf(word);
    const links = [
      {
        source: "javascript:alert(document.cookie)",
        startPosition: at("javascript:"),
        endPosition: at(" b"),
      },
      { source: "data:text/html;base64,PHNjcmlwdD4=", startPosition: at("data:"), endPosition: at(" c") },
      { source: "vbscript:msgbox", startPosition: at("vbscript:"), endPosition: at(" d") },
      { source: "https://example.com/x", startPosition: at("https"), endPosition: at(" e") },
      { source: "mailto:bob@example.com", startPosition: at("mail"), endPosition: body.length },
    ];
    renderStrict(<ChatThread chat={chatOf({ messages: [msg(1, { body, links })] })} />);
    const anchors = within(screen.getByRole("article")).getAllByRole("link");
    expect(anchors.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["https", "https://example.com/x"],
      ["mail", "mailto:bob@example.com"],
    ]);
    for (const a of anchors) expect(a).toHaveAttribute("rel", "noopener noreferrer");
    expect(screen.getByRole("article")).toHaveTextContent(body);
  });

  it("bidi-isolates names: an RTL override in a name does not flip the text after it", () => {
    const evil = "mallory\u202e";
    const { container } = renderStrict(
      <ChatThread
        chat={chatOf({ messages: [msg(1, { user: { name: evil }, body: "\u202egnp.exe" })], typing: [evil] })}
      />,
    );
    const author = container.querySelector('[data-part="author"]');
    expect(author?.tagName).toBe("BDI");
    expect(author?.textContent).toBe(evil);
    expect(container.querySelector('[data-part="body"]')).toHaveAttribute("dir", "auto");
    const typing = container.querySelector('[data-part="typing"] bdi');
    expect(typing?.textContent).toBe(evil);
  });

  it("caps a 1 MB body behind Show more, and expands it", async () => {
    const body = "x".repeat(1_000_000);
    renderStrict(<ChatThread chat={chatOf({ messages: [msg(1, { body })] })} maxBodyLength={500} />);
    const article = screen.getByRole("article");
    const shown = article.querySelector('[data-part="body"]')?.textContent ?? "";
    expect(shown).toBe(`${"x".repeat(500)}…`);
    await userEvent.click(within(article).getByRole("button", { name: "Show more" }));
    expect(article.querySelector('[data-part="body"]')?.textContent).toHaveLength(1_000_000);
    expect(within(article).queryByRole("button", { name: "Show more" })).toBeNull();
  });

  it("a long word stays in one text node (wrapping is CSS: overflow-wrap anywhere)", async () => {
    const { readFile } = await import("node:fs/promises");
    const css = await readFile("src/chat/styles.css", "utf8");
    expect(css).toMatch(/\[data-part="body"\][^}]*overflow-wrap: anywhere/);
  });
});
