import { type FormEvent, useId, useState } from "react";

const NAME = /^[\p{L}\p{N} _.-]{1,32}$/u;

export function SignIn({ onSignIn }: { onSignIn: (name: string) => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState("");
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!NAME.test(trimmed)) {
      setError("Use 1–32 letters, digits, spaces, dots, dashes or underscores.");
      return;
    }
    onSignIn(trimmed);
  };
  return (
    <main className="demo-signin">
      <h1>stompkit demo</h1>
      <p>A live chat on STOMP over WebSocket. Open this page in a second window to chat between them.</p>
      <form onSubmit={submit} aria-label="Sign in">
        <label htmlFor={id}>Your name</label>
        <input
          id={id}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="nickname"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error && (
          <p id={`${id}-error`} role="alert">
            {error}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
