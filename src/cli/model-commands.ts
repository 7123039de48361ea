import type { Command } from "commander";
import { registerDatasetModelCommands } from "./model-dataset-commands.js";

/** `model …`: the churn model (store training and public data-set evaluation). */
export function registerModelCommands(program: Command): void {
  const model = program.command("model").description("the churn model: fit, score");
  registerDatasetModelCommands(model);
}
