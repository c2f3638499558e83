import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "llm-gateway",
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts", "bench/**/*.test.ts"],
    // Tests wait on conditions, never on the clock; these only end a wait that
    // would never end. Starting PGlite alone takes seconds on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
