import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_DIR } from "../render/harness";
import { MINIKUBE_DOCKER_API_SERVER } from "../render/simulated-host";
import { defaultLoadBalancer } from "./load-balancer-config";
import { poolFromApiServer } from "./node-pool";
import { minikube } from "./targets/minikube";

/** README's dev quick start per OS, read against the defaults the code applies on that OS. */

const README = readFileSync(join(PROJECT_DIR, "README.md"), "utf8");

/** The text under a `#### <heading>` of the minikube quick start, up to the next heading. */
function quickStart(heading: string): string {
  const start = README.indexOf(`\n#### ${heading}\n`);
  if (start < 0) throw new Error(`README has no quick start "#### ${heading}"`);
  return README.slice(start, README.indexOf("\n##", start + 1));
}

function commands(section: string): string {
  return [...section.matchAll(/```(?:sh|powershell)\n([\s\S]*?)```/g)].map((m) => m[1]).join("");
}

const SECTIONS: readonly { readonly os: NodeJS.Platform; readonly heading: string }[] = [
  { os: "linux", heading: "Linux: `metallb`" },
  { os: "darwin", heading: "macOS: `tunnel`" },
  { os: "win32", heading: "Windows with Docker Desktop: `tunnel`" },
];

describe("README's dev quick start", () => {
  it.each(SECTIONS)("names the load balancer the code picks on $os", ({ os, heading }) => {
    expect(heading).toContain(`\`${defaultLoadBalancer(minikube.defaults, os)}\``);
  });

  it.each(SECTIONS)("starts the tunnel on $os exactly when the default needs one, before `pulumi up`", ({ os, heading }) => {
    const steps = commands(quickStart(heading));
    const tunnel = minikube.capabilities.tunnel!.command;
    expect(steps).toContain("minikube start");
    expect(steps.includes(tunnel)).toBe(defaultLoadBalancer(minikube.defaults, os) === "tunnel");
    if (steps.includes(tunnel)) expect(steps.indexOf(tunnel)).toBeLessThan(steps.indexOf("pulumi up"));
  });

  it.each(SECTIONS)("runs the doctor on $os once the cluster (and tunnel) run, before `pulumi up`", ({ heading }) => {
    const steps = commands(quickStart(heading));
    const doctor = steps.indexOf("npm run doctor -- dev");
    expect(doctor).toBeGreaterThan(Math.max(steps.indexOf("minikube start"), steps.indexOf(minikube.capabilities.tunnel!.command)));
    expect(doctor).toBeLessThan(steps.indexOf("pulumi up"));
  });

  it("states the tunnel's address and the derived pool the code gives", () => {
    expect(quickStart("macOS: `tunnel`")).toContain(`\`${minikube.capabilities.tunnel!.addressOn.darwin}\``);
    expect(quickStart("Windows with Docker Desktop: `tunnel`")).toContain(`\`${minikube.capabilities.tunnel!.addressOn.win32}\``);
    const pool = poolFromApiServer(MINIKUBE_DOCKER_API_SERVER);
    if (!pool.ok) throw new Error(pool.reason);
    expect(quickStart("Linux: `metallb`")).toContain(`\`${pool.addresses}\` for the node \`${pool.node}\``);
  });
});
