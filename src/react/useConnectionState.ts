import { useDebugValue } from "react";
import type { ConnectionState } from "stompkit/core";
import { useStore } from "zustand";
import { useSessionFor } from "./StompProvider";

const identity = (state: ConnectionState) => state;

/**
 * Connection state of the nearest `StompProvider`. With a selector, the component re-renders only
 * when the selected value changes (compared with `Object.is`; wrap a selector that builds an object
 * in `useShallow` from `zustand/shallow`).
 *
 * @example
 * const status = useConnectionState((s) => s.status) // 'connecting' | 'open' | 'reconnecting' | …
 */
export function useConnectionState(): ConnectionState;
export function useConnectionState<T>(selector: (state: ConnectionState) => T): T;
export function useConnectionState<T>(selector?: (state: ConnectionState) => T): T | ConnectionState {
  const session = useSessionFor("useConnectionState");
  const value = useStore(session.connection, (selector ?? identity) as (s: ConnectionState) => T);
  useDebugValue(value);
  return value;
}
