import { useState } from "react";
import { SignIn } from "./SignIn";
import { Workspace } from "./Workspace";

const KEY = "stompkit-demo-user";

/** Sign in with a name (kept per window, so two windows can be two people), then chat. */
export function App() {
  const [user, setUser] = useState(() => sessionStorage.getItem(KEY) ?? "");
  if (!user)
    return (
      <SignIn
        onSignIn={(name) => {
          sessionStorage.setItem(KEY, name);
          setUser(name);
        }}
      />
    );
  return (
    <Workspace
      user={user}
      onSignOut={() => {
        sessionStorage.removeItem(KEY);
        setUser("");
      }}
    />
  );
}
