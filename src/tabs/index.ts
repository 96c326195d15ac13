// "stompkit/tabs": tabs of an origin share one STOMP session. `<StompProvider shareAcrossTabs>` loads
// this entry on demand (a dynamic import), so apps that do not share pay nothing for it.
export type { TabChannelLike, TabEnvironment, TabLockOptions, TabLocksLike } from "./tabBus";
export { defaultTabEnvironment } from "./tabBus";
export type { ShareAcrossTabsOptions } from "./tabShare";
export { headersDigest, shareAcrossTabs } from "./tabShare";
