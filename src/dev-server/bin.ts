import { runDevServerCli } from "stompkit/dev-server";

void runDevServerCli(process.argv.slice(2));
