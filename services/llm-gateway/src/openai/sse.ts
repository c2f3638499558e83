/** Server-sent events framing, as OpenAI streams it. */

const encoder = new TextEncoder();

export const DONE_FRAME = "data: [DONE]\n\n";

/** A comment line: ignored by every SSE parser, but it keeps proxies and clients from timing out. */
export const KEEP_ALIVE_FRAME = ": keep-alive\n\n";

export function dataFrame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export const sseHeaders: Record<string, string> = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  // Tells nginx-based ingresses not to buffer the stream.
  "X-Accel-Buffering": "no",
};

/**
 * Interleaves keep-alive comments into `frames` whenever none arrives for
 * `intervalMs`, e.g. while a model loads or thinks with its reasoning hidden.
 */
export async function* withKeepAlive(frames: AsyncIterable<string>, intervalMs: number): AsyncGenerator<string, void> {
  const iterator = frames[Symbol.asyncIterator]();
  let pending = iterator.next();
  while (true) {
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<"tick">((resolve) => (timer = setTimeout(resolve, intervalMs, "tick")));
    const next = await Promise.race([pending, tick]).finally(() => clearTimeout(timer));
    if (next === "tick") {
      yield KEEP_ALIVE_FRAME;
      continue;
    }
    if (next.done) return;
    yield next.value;
    pending = iterator.next();
  }
}

/**
 * A byte stream of `frames` that pulls one frame at a time, so a slow reader
 * slows the frames instead of piling them up in memory. `onCancel` runs when
 * the client goes away before the end; `onClose` runs once either way.
 */
export function frameStream(
  frames: AsyncIterator<string>,
  handlers: { onCancel: () => void; onClose: () => void },
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await frames.next();
        if (done) {
          controller.close();
          handlers.onClose();
        } else {
          controller.enqueue(encoder.encode(value));
        }
      },
      cancel() {
        handlers.onCancel();
        handlers.onClose();
      },
    },
    { highWaterMark: 0 },
  );
}
