import type { ReactNode } from "react";
import { Providers } from "./providers";

// app/layout.tsx: stays a Server Component; only what is under <Providers> runs on the client too.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
