import { describe, expect, it } from "vitest";
import { StreamSlots } from "./stream-slots.ts";

describe("StreamSlots", () => {
  it("caps each user separately and frees a slot once per release", () => {
    const slots = new StreamSlots(2);
    const first = slots.tryAcquire("alice");
    expect(slots.tryAcquire("alice")).toBeDefined();
    expect(slots.tryAcquire("alice")).toBeUndefined();
    expect(slots.tryAcquire("bob")).toBeDefined();
    first?.();
    first?.();
    expect(slots.inUse("alice")).toBe(1);
    expect(slots.tryAcquire("alice")).toBeDefined();
    expect(slots.tryAcquire("alice")).toBeUndefined();
  });
});
