import { describe, expect, it } from "vitest";
import { KEEP_ALIVE_FRAME, withKeepAlive } from "./sse.ts";

async function* slowly(frames: string[], delayMs: number) {
  for (const frame of frames) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    yield frame;
  }
}

describe("withKeepAlive", () => {
  it("passes frames through and adds comments only while the source is silent", async () => {
    const out: string[] = [];
    for await (const frame of withKeepAlive(slowly(["a", "b"], 250), 100)) out.push(frame);
    expect(out.filter((frame) => frame !== KEEP_ALIVE_FRAME)).toEqual(["a", "b"]);
    expect(out.filter((frame) => frame === KEEP_ALIVE_FRAME).length).toBeGreaterThanOrEqual(2);
  });

  it("adds nothing when frames come faster than the interval", async () => {
    const out: string[] = [];
    for await (const frame of withKeepAlive(slowly(["a", "b", "c"], 0), 10_000)) out.push(frame);
    expect(out).toEqual(["a", "b", "c"]);
  });
});
