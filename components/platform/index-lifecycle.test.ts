import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { elasticDuration, indexTemplate, LIFECYCLE_SCRIPT, lifecyclePolicy } from "./index-lifecycle";

describe("the log indices' lifecycle", () => {
  it("deletes each index once older than the retention, in units Elasticsearch reads", () => {
    expect(lifecyclePolicy("14d")).toEqual({ policy: { phases: { hot: { actions: {} }, delete: { min_age: "14d", actions: { delete: {} } } } } });
    expect(["36h", "3d", "2w", "1y"].map(elasticDuration)).toEqual(["36h", "3d", "14d", "365d"]);
    expect(() => elasticDuration("two weeks")).toThrow('expected a retention such as 14d (h, d, w or y); got "two weeks"');
  });

  it("wins over Elasticsearch's own logs template, with replicas only where there are nodes for them", () => {
    expect(indexTemplate("lean")).toEqual({
      index_patterns: ["logs-*", "node-journal-*"],
      priority: 200,
      template: { settings: { "index.lifecycle.name": "homelab-logs", "index.number_of_replicas": 0 } },
    });
    expect(indexTemplate("full").template.settings["index.number_of_replicas"]).toBe(1);
  });

  it("puts the policy, then the template that names it, as the lifecycle user, waiting out a refusal", async () => {
    const calls: { method?: string; url?: string; authorization?: string; body: string }[] = [];
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        calls.push({ method: request.method, url: request.url, authorization: request.headers.authorization, body });
        // The first call meets an Elasticsearch not ready yet.
        response.writeHead(calls.length === 1 ? 503 : 200).end("{}");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The script waits ten seconds between tries; the test shortens the wait.
    const script = LIFECYCLE_SCRIPT.replace("setTimeout(resolve, 10000)", "setTimeout(resolve, 10)");
    try {
      await promisify(execFile)("node", ["--input-type=module", "-e", script], {
        env: { ...process.env, ES_URL: url, ES_USER: "index-lifecycle", ES_PASSWORD: "pw", POLICY: JSON.stringify(lifecyclePolicy("3d")), TEMPLATE: JSON.stringify(indexTemplate("lean")) },
      });
    } finally {
      server.close();
    }
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(["PUT /_ilm/policy/homelab-logs", "PUT /_ilm/policy/homelab-logs", "PUT /_index_template/homelab-logs"]);
    expect(calls[0]!.authorization).toBe(`Basic ${Buffer.from("index-lifecycle:pw").toString("base64")}`);
    expect(JSON.parse(calls[2]!.body)).toEqual(indexTemplate("lean"));
  });
});
