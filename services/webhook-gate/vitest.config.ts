import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "webhook-gate",
    include: ["src/**/*.test.ts"],
  },
});
