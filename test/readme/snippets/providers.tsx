"use client";

import type { ReactNode } from "react";
import { StompProvider } from "stompkit";

// app/providers.tsx: a Client Component. On the server the provider renders its children and does
// not connect; the socket opens in the browser, after hydration.
export function Providers({ children }: { children: ReactNode }) {
  return (
    <StompProvider
      url={process.env.NEXT_PUBLIC_STOMP_URL ?? "ws://localhost:15674/ws"}
      connectHeaders={async () => {
        const response = await fetch("/api/stomp-token"); // your route: a short-lived token
        const { token } = (await response.json()) as { token: string };
        return { login: "web", passcode: token };
      }}
    >
      {children}
    </StompProvider>
  );
}
