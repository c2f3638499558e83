import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "vault-unsealer",
    include: ["src/**/*.test.ts"],
  },
});
