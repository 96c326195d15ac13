export { parseDevServerArgs, runDevServerCli } from "./cli";
export type { DevSeed } from "./seedFile";
export { DevServerConfigError, defaultSeed, parseSeed } from "./seedFile";
export type { DevServer, DevServerLimits, DevServerOptions, DevServerProfile } from "./startDevServer";
export {
  DEFAULT_DEV_SERVER_PORT,
  defaultDevServerLimits,
  devServerProfiles,
  startDevServer,
} from "./startDevServer";
