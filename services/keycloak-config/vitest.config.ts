import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "keycloak-config",
    include: ["src/**/*.test.ts"],
  },
});
