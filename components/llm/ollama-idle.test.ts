import { describe, expect, it } from "vitest";
import { scaledObjectSpec } from "../data/keda-scaled-objects";
import { ollamaIdleWorkload } from "./ollama-idle";

describe("ollamaIdleWorkload", () => {
  it("lets Ollama sleep after the idle minutes of gateway /v1 traffic and wakes it on the next request", () => {
    expect(scaledObjectSpec(ollamaIdleWorkload(45), "http://prometheus.monitoring.svc:9090")).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "ollama" },
      minReplicaCount: 0,
      maxReplicaCount: 1,
      cooldownPeriod: 60,
      triggers: [
        {
          type: "prometheus",
          metadata: {
            serverAddress: "http://prometheus.monitoring.svc:9090",
            query: 'sum(increase(llm_gateway_http_requests_total{route=~"/v1/.*"}[45m]))',
            threshold: "1",
            activationThreshold: "0",
          },
        },
      ],
    });
  });
});
