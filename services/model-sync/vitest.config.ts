import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "model-sync",
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
