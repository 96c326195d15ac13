import { useConnectionState } from "stompkit";

export function ConnectionBadge() {
  const status = useConnectionState((s) => s.status);
  return <span>{status}</span>;
}
