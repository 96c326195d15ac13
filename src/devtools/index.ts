export type { StompInspectorProps, StompInspectorTab } from "./StompInspector";
export { StompInspector } from "./StompInspector";
