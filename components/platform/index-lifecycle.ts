import type { SizingProfile } from "../lib/capabilities";

/** The index lifecycle policy and the index template that applies it, both named so. */
export const LIFECYCLE_NAME = "homelab-logs";
/** The indices the shipper writes. */
export const LOG_INDEX_PATTERNS = ["logs-*", "node-journal-*"] as const;
/**
 * Over Elasticsearch's built-in `logs` template (priority 100, `logs-*-*`), which would make
 * each app's index a data stream kept for ever.
 */
const TEMPLATE_PRIORITY = 200;

/** A retention as Elasticsearch reads a time (`d`, `h`): weeks and years in days. */
export function elasticDuration(retention: string): string {
  const match = /^(\d+)([hdwy])$/.exec(retention);
  if (!match) throw new Error(`expected a retention such as 14d (h, d, w or y); got ${JSON.stringify(retention)}`);
  const amount = Number(match[1]);
  const days: Record<string, number> = { w: 7, y: 365 };
  return match[2] === "h" || match[2] === "d" ? retention : `${amount * days[match[2]!]!}d`;
}

/** Indices deleted once older than the retention; no rollover, as each day has its own index. */
export function lifecyclePolicy(retention: string) {
  return { policy: { phases: { hot: { actions: {} }, delete: { min_age: elasticDuration(retention), actions: { delete: {} } } } } };
}

/** One copy of each shard on one node, one replica where there are three. */
export function indexTemplate(sizing: SizingProfile) {
  return {
    index_patterns: [...LOG_INDEX_PATTERNS],
    priority: TEMPLATE_PRIORITY,
    template: { settings: { "index.lifecycle.name": LIFECYCLE_NAME, "index.number_of_replicas": sizing === "full" ? 1 : 0 } },
  };
}

/**
 * What the Job runs (Node's own fetch): puts the policy and the template, waiting for
 * Elasticsearch to answer for up to ten minutes. Reads ES_URL, ES_USER, ES_PASSWORD and
 * the two bodies from its environment.
 */
export const LIFECYCLE_SCRIPT = `const auth = "Basic " + Buffer.from(process.env.ES_USER + ":" + process.env.ES_PASSWORD).toString("base64");
async function put(path, body) {
  for (let attempt = 1; attempt <= 60; attempt++) {
    try {
      const response = await fetch(process.env.ES_URL + path, { method: "PUT", headers: { authorization: auth, "content-type": "application/json" }, body });
      if (response.ok) return console.log(path + ": done");
      console.log(path + ": " + response.status + " " + (await response.text()));
    } catch (error) {
      console.log(path + ": " + error.message);
    }
    await new Promise((resolve) => setTimeout(resolve, 10000));
  }
  throw new Error(path + ": Elasticsearch did not take it within ten minutes");
}
await put("/_ilm/policy/${LIFECYCLE_NAME}", process.env.POLICY);
await put("/_index_template/${LIFECYCLE_NAME}", process.env.TEMPLATE);
`;
