import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ChatThread } from "stompkit/chat";
import { chatOf, msg, range, renderStrict } from "./helpers";

const focusedId = () => document.activeElement?.getAttribute("data-message-id");

describe("ChatThread keyboard", () => {
  it("the scroller is focusable; ↑/↓ and PageUp/PageDown move between messages", async () => {
    renderStrict(<ChatThread chat={chatOf({ messages: range(1, 6).map((n) => msg(n)) })} />);
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByRole("feed"));
    await userEvent.keyboard("{ArrowUp}");
    expect(focusedId()).toBe("m5");
    await userEvent.keyboard("{ArrowUp}{ArrowUp}");
    expect(focusedId()).toBe("m3");
    await userEvent.keyboard("{PageUp}");
    expect(focusedId()).toBe("m2");
    await userEvent.keyboard("{ArrowDown}");
    expect(focusedId()).toBe("m3");
    await userEvent.keyboard("{PageDown}{PageDown}{PageDown}{PageDown}");
    expect(focusedId()).toBe("m5"); // stops at the newest
  });

  it("Home goes to the oldest loaded message and loads older ones; End to the newest", async () => {
    const chat = chatOf({ messages: range(1, 6).map((n) => msg(n)), hasOlder: true });
    renderStrict(<ChatThread chat={chat} />);
    screen.getByRole("feed").focus();
    await userEvent.keyboard("{Home}");
    expect(focusedId()).toBe("m1");
    expect(chat.loadOlder).toHaveBeenCalledOnce();
    await userEvent.keyboard("{ArrowUp}");
    expect(focusedId()).toBe("m1");
    expect(chat.loadOlder).toHaveBeenCalledTimes(2);
    await userEvent.keyboard("{End}");
    expect(focusedId()).toBe("m5");
  });

  it("Esc goes to the composer", async () => {
    renderStrict(<ChatThread chat={chatOf({ messages: [msg(1)] })} />);
    screen.getByRole("feed").focus();
    await userEvent.keyboard("{ArrowUp}");
    expect(focusedId()).toBe("m1");
    await userEvent.keyboard("{Escape}");
    expect(document.activeElement).toBe(screen.getByRole("textbox", { name: "Message" }));
  });

  it("keeps focus on the same message when older messages are prepended", async () => {
    const chat = chatOf({ messages: range(5, 10).map((n) => msg(n)) });
    const { rerender } = renderStrict(<ChatThread chat={chat} />);
    screen.getByRole("feed").focus();
    await userEvent.keyboard("{ArrowUp}{ArrowUp}");
    expect(focusedId()).toBe("m8");
    rerender(<ChatThread chat={{ ...chat, messages: range(1, 10).map((n) => msg(n)) }} />);
    expect(focusedId()).toBe("m8");
    await userEvent.keyboard("{ArrowUp}");
    expect(focusedId()).toBe("m7");
  });

  it("leaves modified keys and other keys alone", async () => {
    const onKeyDown = vi.fn();
    renderStrict(
      <ChatThread.Root chat={chatOf({ messages: range(1, 4).map((n) => msg(n)) })}>
        <ChatThread.MessageList onKeyDown={onKeyDown} />
      </ChatThread.Root>,
    );
    screen.getByRole("feed").focus();
    await userEvent.keyboard("{Control>}{Home}{/Control}a");
    expect(document.activeElement).toBe(screen.getByRole("feed"));
    expect(onKeyDown).toHaveBeenCalledTimes(3); // Control, Home, a
  });
});
