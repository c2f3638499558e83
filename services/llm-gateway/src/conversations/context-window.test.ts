import { describe, expect, it } from "vitest";
import { ApiError } from "../http/api-error.ts";
import { answerReserve, estimateTokens, fitToContext } from "./context-window.ts";

const system = [{ role: "system", content: "You are helpful." }];
const turn = (n: number) => [
  { role: "user", content: `question ${n} ${"q".repeat(90)}` },
  { role: "assistant", content: `answer ${n} ${"a".repeat(90)}` },
];

describe("fitToContext", () => {
  it("keeps everything when it fits", () => {
    const history = [...turn(1), ...turn(2)];
    const next = { role: "user", content: "next" };
    expect(fitToContext(system, history, [next], 4096)).toEqual([...system, ...history, next]);
  });

  it("drops whole turns, oldest first, and keeps the system prompt and the new message", () => {
    const history = [1, 2, 3, 4, 5, 6].flatMap(turn);
    const next = { role: "user", content: "next" };
    const fitted = fitToContext(system, history, [next], 400);
    const budget = 400 - answerReserve(400);
    expect(fitted[0]).toEqual(system[0]);
    expect(fitted.at(-1)).toEqual(next);
    expect(fitted.reduce((sum, message) => sum + estimateTokens(message), 0)).toBeLessThanOrEqual(budget);
    const kept = fitted.slice(1, -1);
    expect(kept.length % 2).toBe(0);
    expect(kept.at(-1)?.content).toMatch(/^answer 6/);
    expect(kept.some((message) => message.content.startsWith("question 1 "))).toBe(false);
  });

  it("keeps the turn whose calls tool results answer, however old the rest", () => {
    const call = { role: "assistant", content: "", tool_calls: [{ function: { name: "get_weather", arguments: { city: "Oslo" } } }] };
    const history = [...[1, 2, 3, 4, 5, 6].flatMap(turn), { role: "user", content: "Weather?" }, call];
    const result = { role: "tool", content: "sunny", tool_name: "get_weather" };
    const fitted = fitToContext(system, history, [result], 300);
    expect(fitted.slice(-3)).toEqual([{ role: "user", content: "Weather?" }, call, result]);
    expect(fitted.some((message) => message.content.startsWith("question 1 "))).toBe(false);
  });

  it("refuses a new message that alone exceeds the budget", () => {
    expect(() => fitToContext(system, [], [{ role: "user", content: "z".repeat(5000) }], 1024)).toThrow(ApiError);
  });
});
