import { describe, expect, it } from "vitest";
import { parseConfig } from "../config";
import { declaredScaledObjects, kedaSchema } from "./keda-config";

const BARE_METAL = {
  target: "bare-metal",
  domain: "lab.home.arpa",
  cluster: { stack: "homelab-metal" },
  loadBalancer: { pools: [{ name: "default", addresses: ["192.168.10.200-192.168.10.239"] }] },
};

const WORKER = { name: "worker", namespace: "shop", target: { name: "shop-worker" }, maxReplicas: 3, triggers: [{ prometheus: { query: "sum(up)", threshold: 5 } }] };

function problems(values: Record<string, unknown>): readonly string[] {
  const result = parseConfig(values);
  return result.ok ? [] : result.problems;
}

describe("homelab:data.keda", () => {
  it("names each field of a ScaledObject that does not parse", () => {
    const bad = {
      name: "Worker",
      namespace: "shop",
      target: { kind: "Job", name: "w" },
      maxReplicas: 0,
      triggers: [{ cron: { timezone: "Mars/Olympus", start: "0 8 * *", end: "0 18 * * *", desiredReplicas: 1 } }, { prometheus: { query: "up", threshold: 1 }, cron: {} }],
    };
    expect(problems({ ...BARE_METAL, data: { keda: { scaledObjects: [bad] } } })).toEqual([
      "homelab:data.keda.scaledObjects[0].name: expected a lower-case name of letters, digits and '-'; got \"Worker\"",
      'homelab:data.keda.scaledObjects[0].target.kind: expected one of Deployment, StatefulSet; got "Job"',
      "homelab:data.keda.scaledObjects[0].maxReplicas: expected at least 1; got 0",
      'homelab:data.keda.scaledObjects[0].triggers[0].cron.timezone: expected an IANA time zone such as Europe/Berlin; got "Mars/Olympus"',
      'homelab:data.keda.scaledObjects[0].triggers[0].cron.start: expected a cron expression of five fields, such as "0 8 * * 1-5"; got "0 8 * *"',
      "homelab:data.keda.scaledObjects[0].triggers[1].cron.start: required (string)",
      "homelab:data.keda.scaledObjects[0].triggers[1].cron.end: required (string)",
      "homelab:data.keda.scaledObjects[0].triggers[1].cron.desiredReplicas: required (number)",
    ]);
  });

  it("refuses a trigger of no kind, bounds the wrong way round and a name declared twice in a namespace", () => {
    const objects = [{ ...WORKER, triggers: [{}] }, { ...WORKER, minReplicas: 4 }];
    expect(problems({ ...BARE_METAL, data: { keda: { scaledObjects: objects } } })).toEqual([
      "homelab:data.keda.scaledObjects[0].triggers[0]: expected exactly one of prometheus or cron",
    ]);
    expect(problems({ ...BARE_METAL, data: { keda: { scaledObjects: [WORKER, { ...WORKER, minReplicas: 4 }] } } })).toEqual([
      'homelab:data.keda.scaledObjects[1].name: "worker" in shop is declared twice (first as data.keda.scaledObjects[0])',
      "homelab:data.keda.scaledObjects[1].minReplicas: 4 is above maxReplicas (3)",
    ]);
  });

  it("refuses Prometheus triggers without Prometheus, and ScaledObjects with KEDA off", () => {
    expect(problems({ ...BARE_METAL, features: { observability: false }, data: { keda: { scaledObjects: [WORKER] } } })).toEqual([
      "homelab:data.keda.scaledObjects[0].triggers[0].prometheus: Prometheus triggers query the observability layer's Prometheus, but features.observability is off",
    ]);
    expect(problems({ ...BARE_METAL, data: { keda: { enabled: false, scaledObjects: [WORKER] } } })).toEqual([
      "homelab:data.keda.enabled: ScaledObjects are declared (data.keda.scaledObjects) but KEDA is off; turn it on or remove them",
    ]);
  });

  it("takes each trigger's kind from its key", () => {
    const keda = kedaSchema.parse({ scaledObjects: [{ ...WORKER, triggers: [{ cron: { start: "0 8 * * *", end: "0 9 * * *", desiredReplicas: 2 } }] }] });
    expect(declaredScaledObjects(keda)).toEqual([
      {
        name: "worker",
        namespace: "shop",
        target: { kind: "Deployment", name: "shop-worker" },
        minReplicas: 1,
        maxReplicas: 3,
        cooldownSeconds: undefined,
        triggers: [{ kind: "cron", timezone: "Etc/UTC", start: "0 8 * * *", end: "0 9 * * *", desiredReplicas: 2 }],
      },
    ]);
  });
});

describe("homelab:llm.ollamaIdleMinutes", () => {
  it("needs KEDA, Prometheus and Open WebUI on the gateway, naming what is missing", () => {
    expect(problems({ ...BARE_METAL, llm: { ollamaIdleMinutes: 30 } })).toEqual([]);
    expect(problems({ ...BARE_METAL, features: { observability: false }, llm: { ollamaIdleMinutes: 30, chatBackend: "ollama" }, data: { keda: { enabled: false } } })).toEqual([
      "homelab:llm.ollamaIdleMinutes: Ollama sleeps through KEDA on the gateway's request count; it needs KEDA (features.data and data.keda.enabled), Prometheus (features.observability), Open WebUI talking to the gateway (llm.chatBackend: gateway), where requests are counted",
    ]);
  });
});
