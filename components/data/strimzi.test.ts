import { describe, expect, it } from "vitest";
import { strimziAllows, strimziValues } from "./strimzi";

describe("strimziValues", () => {
  it("watches the Kafka namespace only, makes restricted pods and leaves network policy to the platform", () => {
    const values = strimziValues("lean");
    expect(values.watchNamespaces).toEqual(["kafka"]);
    expect(values.extraEnvs).toEqual([
      { name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" },
      { name: "STRIMZI_NETWORK_POLICY_GENERATION", value: "false" },
    ]);
  });
});

describe("strimziAllows", () => {
  it("reaches the Kafka nodes' controller, replication and agent ports, and nothing else of theirs", () => {
    expect(strimziAllows()).toContainEqual({ kind: "to-namespace", namespace: "kafka", ports: [9090, 9091, 8443] });
    expect(strimziAllows().filter((a) => a.kind === "to-namespace")).toHaveLength(1);
  });
});
