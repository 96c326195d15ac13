import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { ChatThread } from "stompkit/chat";
import { chatOf, renderStrict } from "./helpers";

describe("ChatThread.Composer", () => {
  it("Enter sends and clears, Shift+Enter adds a new line, blank text is not sent", async () => {
    const chat = chatOf();
    renderStrict(<ChatThread chat={chat} />);
    const box = screen.getByRole("textbox", { name: "Message" });
    await userEvent.type(box, "   {Enter}");
    expect(chat.send).not.toHaveBeenCalled();
    await userEvent.clear(box);
    await userEvent.type(box, "Hello{Shift>}{Enter}{/Shift}world!");
    expect(box).toHaveValue("Hello\nworld!");
    expect(chat.send).not.toHaveBeenCalled();
    await userEvent.type(box, "{Enter}");
    expect(chat.send).toHaveBeenCalledExactlyOnceWith("Hello\nworld!");
    expect(box).toHaveValue("");
  });

  it("the Send button sends", async () => {
    const chat = chatOf();
    renderStrict(<ChatThread chat={chat} />);
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "Hello world!");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(chat.send).toHaveBeenCalledExactlyOnceWith("Hello world!");
  });

  it("does not send while an IME composition is open", () => {
    const chat = chatOf();
    renderStrict(<ChatThread chat={chat} />);
    const box = screen.getByRole("textbox", { name: "Message" });
    fireEvent.change(box, { target: { value: "にほん" } });
    fireEvent.keyDown(box, { key: "Enter", isComposing: true });
    expect(chat.send).not.toHaveBeenCalled();
  });

  it("reports every change for typing indicators", async () => {
    const chat = chatOf();
    renderStrict(<ChatThread chat={chat} />);
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "hey");
    expect(vi.mocked(chat.keystrokes).mock.calls.map((c) => c[0])).toEqual(["h", "he", "hey"]);
  });

  it("stays usable while reconnecting: the message is handed to the thread (queued) and a note says when it goes out", async () => {
    const chat = chatOf({ status: "reconnecting" } as never);
    renderStrict(<ChatThread chat={chat} />);
    const note = "Reconnecting… Messages you send now go out when the connection is back.";
    const box = screen.getByRole("textbox", { name: "Message" });
    expect(box).toHaveAccessibleDescription(note);
    expect(screen.getByRole("button", { name: "Send" })).toBeEnabled();
    await userEvent.type(box, "sent while away{Enter}");
    expect(vi.mocked(chat.send)).toHaveBeenCalledWith("sent while away");
    expect(box).toHaveValue("");
  });

  it.each([
    ["connecting", "Connecting…"],
    ["error", "Chat unavailable: nope"],
  ] as const)("is disabled with a visible reason while %s", async (status, reason) => {
    const chat = chatOf({ status, error: status === "error" ? new Error("nope") : undefined } as never);
    renderStrict(<ChatThread chat={chat} />);
    const send = screen.getByRole("button", { name: "Send" });
    expect(send).toBeDisabled();
    const box = screen.getByRole("textbox", { name: "Message" });
    expect(within(box.closest("form") as HTMLElement).getByText(reason)).toBeVisible();
    expect(box).toHaveAccessibleDescription(reason);
    await userEvent.type(box, "draft{Enter}");
    expect(box).toHaveValue("draft"); // the draft is kept for later
    expect(chat.send).not.toHaveBeenCalled();
  });

  it("a send that fails does not throw (the failure is on the message)", async () => {
    const chat = chatOf({ send: vi.fn(() => Promise.reject(new Error("boom"))) });
    renderStrict(<ChatThread chat={chat} />);
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "x{Enter}");
    await Promise.resolve();
    expect(chat.send).toHaveBeenCalledOnce();
  });

  it("is controllable: value + onValueChange (an inline callback each render)", async () => {
    const seen: string[] = [];
    function Controlled() {
      const [text, setText] = useState("start");
      return (
        <ChatThread.Root chat={chat}>
          <ChatThread.Composer
            value={text.toUpperCase()}
            onValueChange={(v) => {
              seen.push(v);
              setText(v);
            }}
          />
        </ChatThread.Root>
      );
    }
    const chat = chatOf();
    renderStrict(<Controlled />);
    const box = screen.getByRole("textbox", { name: "Message" });
    expect(box).toHaveValue("START");
    await userEvent.type(box, "x");
    expect(box).toHaveValue("STARTX");
    await userEvent.type(box, "{Enter}");
    expect(chat.send).toHaveBeenCalledWith("STARTX");
    expect(box).toHaveValue("");
    expect(seen.at(-1)).toBe("");
  });

  it("takes a defaultValue (uncontrolled)", () => {
    renderStrict(
      <ChatThread.Root chat={chatOf()}>
        <ChatThread.Composer defaultValue="draft" />
      </ChatThread.Root>,
    );
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveValue("draft");
  });
});
