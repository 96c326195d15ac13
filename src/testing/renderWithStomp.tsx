import { type RenderOptions, type RenderResult, render } from "@testing-library/react";
import { type ReactElement, type ReactNode, StrictMode } from "react";
import { StompProvider } from "stompkit";
import { createStompSession, type StompSession, type StompSessionOptions } from "stompkit/core";
import { createFakeBroker, type FakeBroker } from "stompkit/testing";

export interface RenderWithStompOptions extends Omit<RenderOptions, "wrapper"> {
  /** The broker to connect to. @default a new `createFakeBroker()` */
  broker?: FakeBroker;
  /** Session options; `webSocketFactory` defaults to the broker's. Heart-beats default to off. */
  session?: Partial<StompSessionOptions>;
  /** Render inside `<StrictMode>`, as React does in development. @default true */
  strictMode?: boolean;
}

export interface RenderWithStompResult extends RenderResult {
  broker: FakeBroker;
  session: StompSession;
}

/**
 * Renders `ui` inside a `StompProvider` connected to an in-memory broker, so components that use
 * stompkit hooks can be tested without a server.
 *
 * @example
 * const { broker } = renderWithStomp(<Ticker />)
 * await screen.findByText('open')
 * broker.publish('/topic/prices', '{"price":1}')
 */
export function renderWithStomp(
  ui: ReactElement,
  options: RenderWithStompOptions = {},
): RenderWithStompResult {
  const {
    broker = createFakeBroker(),
    session: sessionOptions,
    strictMode = true,
    ...renderOptions
  } = options;
  const session = createStompSession({
    webSocketFactory: broker.webSocketFactory,
    heartbeat: { outgoing: 0, incoming: 0 },
    ...sessionOptions,
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <StompWrapper session={session} strictMode={strictMode}>
      {children}
    </StompWrapper>
  );
  const result = render(ui, { ...renderOptions, wrapper });
  return { ...result, broker, session };
}

function StompWrapper({
  session,
  strictMode,
  children,
}: {
  session: StompSession;
  strictMode: boolean;
  children: ReactNode;
}) {
  const tree = <StompProvider session={session}>{children}</StompProvider>;
  return strictMode ? <StrictMode>{tree}</StrictMode> : tree;
}
