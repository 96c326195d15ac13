import { type FormEvent, useState } from "react";
import { StompProvider, useConnectionState, useSend, useSubscription } from "stompkit";

interface ChatLine {
  user: string;
  text: string;
}

// RabbitMQ with the Web-STOMP plugin. `guest` may only log in from localhost.
export function App() {
  return (
    <StompProvider url="ws://localhost:15674/ws" connectHeaders={{ login: "guest", passcode: "guest" }}>
      <Lobby user="ada" />
    </StompProvider>
  );
}

export function Lobby({ user }: { user: string }) {
  // Every hook at the top of the component, never in a condition, a loop or a callback.
  const connection = useConnectionState((s) => s.status);
  const { messages, status } = useSubscription<ChatLine>("/topic/chat.lobby", { keep: 50 });
  const { send, error } = useSend();
  const [text, setText] = useState("");

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void send("/topic/chat.lobby", { user, text }); // a failure lands in `error`
    setText("");
  };

  return (
    <form onSubmit={onSubmit}>
      <p role="status">
        connection: {connection}, subscription: {status}
      </p>
      <ul>
        {messages.map((m) => (
          <li key={m.id}>
            {m.body.user}: {m.body.text}
          </li>
        ))}
      </ul>
      <input aria-label="Message" value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit">Send</button>
      {error && <p role="alert">Not sent: {error.message}</p>}
    </form>
  );
}
