import * as pulumi from "@pulumi/pulumi";

/**
 * "The cluster exists" means the API answers `/readyz` on the VIP with the credentials the
 * program made, not that the VMs were created. A dynamic resource waits for that during
 * `pulumi up`, so the kubeconfig output only appears once it works.
 *
 * Pulumi serializes the provider's functions into the state and runs them in another
 * process: everything they use is defined in this file or required inside them.
 */

export interface ReadinessCheck {
  /** `https://<VIP>:6443` */
  readonly apiServer: string;
  /** CA the API's serving certificate chains to. */
  readonly caCertPem: string;
  /** Client certificate and key that the API accepts. */
  readonly clientCertPem: string;
  readonly clientKeyPem: string;
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Pause between attempts. */
  readonly intervalMs: number;
}

interface Answer {
  readonly ready: boolean;
  /** What came back, for the error message: `HTTP 503: [-]etcd failed` or a network error. */
  readonly text: string;
  /** No answer before the overall deadline cut the request short: says nothing new of the API. */
  readonly cutShort?: boolean;
}

/**
 * Asks `GET /readyz` until it answers 200 and resolves with that answer; rejects after
 * `timeoutMs` with a message naming the address and the last answer.
 */
export async function waitForApiReady(check: ReadinessCheck): Promise<string> {
  const deadline = Date.now() + check.timeoutMs;
  let last = "no answer";
  for (;;) {
    const answer = await askReadyz(check, Math.max(1, deadline - Date.now()));
    if (answer.ready) return answer.text;
    if (!(answer.cutShort && last !== "no answer")) last = answer.text;
    if (Date.now() + check.intervalMs >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, check.intervalMs));
  }
  throw new Error(
    `the Kubernetes API at ${check.apiServer} was not ready within ${check.timeoutMs / 1000} s; last answer: ${last}`,
  );
}

function askReadyz(check: ReadinessCheck, remainingMs: number): Promise<Answer> {
  const https: typeof import("node:https") = require("node:https");
  // Inlined: the provider is serialized, so it may capture no module-level names.
  const requestTimeoutMs = 5000;
  const timeout = Math.min(requestTimeoutMs, remainingMs);
  return new Promise((resolve) => {
    const request = https.get(
      `${check.apiServer}/readyz`,
      { ca: check.caCertPem, cert: check.clientCertPem, key: check.clientKeyPem, timeout, agent: false },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () =>
          resolve({ ready: response.statusCode === 200, text: `HTTP ${response.statusCode}: ${body.replace(/\s+/g, " ").trim().slice(0, 300)}` }),
        );
      },
    );
    request.on("timeout", () => {
      resolve({ ready: false, text: `no answer within ${timeout} ms`, cutShort: timeout < requestTimeoutMs });
      request.destroy();
    });
    request.on("error", (error) => resolve({ ready: false, text: error.message }));
  });
}

interface ReadinessInputs extends ReadinessCheck {
  readonly members: readonly string[];
}

/** Outputs keep no credential: only what a later diff compares, and the answer. */
function outputsOf(inputs: ReadinessInputs, answer: string) {
  return { apiServer: inputs.apiServer, members: inputs.members, answer };
}

const readinessProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: ReadinessInputs) {
    return { id: inputs.apiServer, outs: outputsOf(inputs, await waitForApiReady(inputs)) };
  },
  async diff(_id: string, olds: ReadinessInputs, news: ReadinessInputs) {
    const changed = olds.apiServer !== news.apiServer || JSON.stringify(olds.members) !== JSON.stringify(news.members);
    return { changes: changed };
  },
  async update(_id: string, _olds: ReadinessInputs, news: ReadinessInputs) {
    return { outs: outputsOf(news, await waitForApiReady(news)) };
  },
};

export interface ApiReadinessArgs {
  /** `https://<VIP>:6443` */
  readonly apiServer: pulumi.Input<string>;
  /** The server CA. */
  readonly caCertPem: pulumi.Input<string>;
  /** The admin's client certificate. */
  readonly clientCertPem: pulumi.Input<string>;
  /** The admin's client key (secret). */
  readonly clientKeyPem: pulumi.Input<string>;
  /** Names of the cluster's nodes: when they change, `pulumi up` waits for the API again. */
  readonly members: pulumi.Input<readonly string[]>;
  /** First boot downloads packages and k3s on every node. @default 20 minutes */
  readonly timeoutMs?: number;
  /** @default 5 seconds */
  readonly intervalMs?: number;
}

export class ApiReadiness extends pulumi.dynamic.Resource {
  /** The `/readyz` answer that ended the wait. */
  declare readonly answer: pulumi.Output<string>;
  declare readonly apiServer: pulumi.Output<string>;

  constructor(name: string, args: ApiReadinessArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { ...args, timeoutMs: args.timeoutMs ?? 20 * 60_000, intervalMs: args.intervalMs ?? 5_000, answer: undefined };
    super(readinessProvider, name, props, opts, "metal", "ApiReadiness");
  }
}
