import type { Command } from "commander";
import { registerDatasetModelCommands } from "./model-dataset-commands.js";
import { registerModelTrainCommand } from "./model-train-command.js";

/** `model …`: the churn model (store training and public data-set evaluation). */
export function registerModelCommands(program: Command): void {
  const model = program
    .command("model")
    .description("the churn model: train on the store; fit and score public data sets");
  registerModelTrainCommand(model, program);
  registerDatasetModelCommands(model);
}
