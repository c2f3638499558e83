import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "platform",
          include: [
            "stacks/**/*.test.ts",
            "components/**/*.test.ts",
            "render/**/*.test.ts",
            "doctor/**/*.test.ts",
            "delivery/**/*.test.ts",
            "policy/**/*.test.ts",
            "smoke/**/*.test.ts",
            "tools/**/*.test.ts",
          ],
          testTimeout: 30_000,
        },
      },
      "services/*",
    ],
  },
});
