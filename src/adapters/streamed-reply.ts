import type { Reply, ReplyStream } from "../chat/reply.js";

/**
 * Edit pacing for streamed replies: chats limit how often a message may be edited (Telegram
 * answers 429 when a chat is edited much faster than once a second; Slack's chat.update is rate
 * limited too), so the growing text is shown at most once per interval.
 */
export const STREAM_EDIT_INTERVAL_MS = 1000;

/** How an adapter shows a streaming reply in the message it posted as a placeholder. */
export interface StreamView {
  /** Replaces the placeholder with the reply so far (`writingPreview`). */
  preview(reply: Reply): Promise<void>;
  /** Replaces the placeholder with the finished reply, in as many messages as it needs. */
  finish(reply: Reply): Promise<void>;
}

export interface PlayStreamOptions {
  /** Least time between the starts of two edits, the placeholder's post counting as the first. */
  intervalMs?: number;
  /** A failed preview stops the previews (the final edit still comes); told here for the logs. */
  onPreviewError?: (error: unknown) => void;
}

/**
 * Follows a streaming reply whose placeholder was just posted: edits it with the text written so
 * far, at most once per interval and one edit at a time (only the newest text is shown, nothing
 * queues up), then, still paced, with the finished reply. If the writing fails midway, the final
 * reply (the fallback) replaces whatever was shown.
 */
export async function playStream(
  placeholder: Reply,
  stream: ReplyStream,
  view: StreamView,
  options: PlayStreamOptions = {},
): Promise<void> {
  const intervalMs = options.intervalMs ?? STREAM_EDIT_INTERVAL_MS;
  let lastEditAt = Date.now();
  let written = "";
  let ended = false;
  let wake: (() => void) | null = null;
  const news = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  /** Sleeps for `ms` (or until news without it); more text or the end wakes it early. */
  const nap = (ms?: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(news, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const reading = (async () => {
    try {
      for await (const delta of stream.deltas) {
        written += delta;
        news();
      }
    } catch {
      // The final reply says what happened (the fallback); the preview just stops growing.
    } finally {
      ended = true;
      news();
    }
  })();

  let shown = "";
  let previewing = true;
  while (!ended) {
    if (!previewing || written === shown) {
      await nap();
      continue;
    }
    const wait = lastEditAt + intervalMs - Date.now();
    if (wait > 0) {
      await nap(wait);
      continue;
    }
    shown = written;
    lastEditAt = Date.now();
    try {
      await view.preview(writingPreview(placeholder, shown));
    } catch (error) {
      previewing = false;
      options.onPreviewError?.(error);
    }
  }
  await reading;
  const final = await stream.final;
  const wait = lastEditAt + intervalMs - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  await view.finish(final);
}

/**
 * The placeholder with the text written so far: its heading and other blocks, then the text,
 * then its notices ("writing…"), so the reader sees the answer grow under its title.
 */
export function writingPreview(placeholder: Reply, written: string): Reply {
  const notices = placeholder.blocks.filter((b) => b.type === "notice");
  const rest = placeholder.blocks.filter((b) => b.type !== "notice");
  const text = written.trim();
  return {
    ...placeholder,
    stream: undefined,
    blocks: [...rest, ...(text ? [{ type: "text" as const, text }] : []), ...notices],
  };
}
