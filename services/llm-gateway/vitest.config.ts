import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "llm-gateway",
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
