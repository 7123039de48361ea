/**
 * A running connection to one chat platform, as the composition root sees it. `start()` resolves
 * once the adapter is receiving messages; `stop()` stops receiving, waits for the replies already
 * being worked on, and resolves when nothing of the adapter is left running.
 */
export interface ChatAdapter {
  /** For logs: "telegram (polling)", "slack (socket mode)" … */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
