import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { fromRpc, plain, Secret } from "./secret";

/** What the mock engine saw for one resource registration. */
export interface MockRegistration {
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** Inputs as the engine received them, secrets as `Secret`. */
  readonly inputs: Record<string, unknown>;
  /** Name of the provider that manages it, inherited ones included. */
  readonly provider: string | null;
}

/**
 * Mocks that stand in for providers: each resource's outputs are its inputs plus the few
 * values a provider computes (keys, certificates, passwords), made up deterministically
 * from the resource name so two renders are byte-identical. A StackReference is answered
 * with the outputs of that stack's own render.
 */
export class HomelabMocks implements pulumi.runtime.Mocks {
  readonly registrations = new Map<string, MockRegistration>();

  /** @param stackOutputs stack name → its rendered outputs, secrets as `Secret` */
  constructor(private readonly stackOutputs: ReadonlyMap<string, Record<string, unknown>> = new Map()) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    const key = `${args.type}::${args.name}`;
    if (this.registrations.has(key)) {
      throw new Error(`two resources are named "${args.name}" (${args.type}); names must be unique to render`);
    }
    this.registrations.set(key, {
      type: args.type,
      name: args.name,
      custom: args.custom ?? false,
      inputs: fromRpc(args.inputs) as Record<string, unknown>,
      provider: providerName(args.provider),
    });
    return { id: `${args.name}-id`, state: { ...args.inputs, ...this.computed(args) } };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    throw new Error(`no mock for the function ${args.token}: the program should not call providers at render time`);
  }

  private computed(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
    const { type, name } = args;
    switch (type) {
      case "random:index/randomPassword:RandomPassword":
        return { result: pulumi.secret(`mock-password-${name}`), bcryptHash: pulumi.secret(`$2a$10$mock${name}`) };
      case "random:index/randomString:RandomString":
        return { result: `mock-${name}` };
      case "random:index/randomBytes:RandomBytes":
        return { base64: pulumi.secret(digest(name).toString("base64")), hex: pulumi.secret(digest(name).toString("hex")) };
      case "random:index/randomUuid:RandomUuid":
        return { result: uuid(name) };
      case "tls:index/privateKey:PrivateKey":
        return {
          privateKeyPem: pulumi.secret(pem("PRIVATE KEY", name)),
          privateKeyPemPkcs8: pulumi.secret(pem("PRIVATE KEY", name)),
          privateKeyOpenssh: pulumi.secret(pem("OPENSSH PRIVATE KEY", name)),
          publicKeyPem: pem("PUBLIC KEY", name),
          publicKeyOpenssh: `ssh-ed25519 ${digest(name).toString("base64")} ${name}\n`,
        };
      case "tls:index/selfSignedCert:SelfSignedCert":
      case "tls:index/locallySignedCert:LocallySignedCert":
        return { certPem: pem("CERTIFICATE", name) };
      case "tls:index/certRequest:CertRequest":
        return { certRequestPem: pem("CERTIFICATE REQUEST", name) };
      case "pulumi:pulumi:StackReference":
        return this.stackReference(String(args.inputs.name));
      default:
        return {};
    }
  }

  /** Outputs in the clear, as the engine hands them over; secret ones are named so they stay secret. */
  private stackReference(fullName: string): Record<string, unknown> {
    const stack = fullName.split("/").at(-1)!;
    const outputs = this.stackOutputs.get(stack);
    if (!outputs) {
      throw new Error(`no render of stack ${stack} answers the StackReference ${fullName}; the render follows homelab:cluster.stack`);
    }
    return {
      outputs: plain(outputs, true),
      secretOutputNames: Object.keys(outputs).filter((key) => outputs[key] instanceof Secret),
    };
  }
}

/** `urn:pulumi:stack::project::type::name::id` → `name`. */
function providerName(reference: string | undefined): string | null {
  if (!reference) return null;
  const parts = reference.split("::");
  return parts.length >= 5 ? parts[parts.length - 2]! : reference;
}

function digest(name: string): Buffer {
  return createHash("sha256").update(name).digest();
}

function uuid(name: string): string {
  const hex = digest(name).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A PEM-shaped stand-in: real framing, made-up body. */
function pem(label: string, name: string): string {
  const body = Buffer.from(`mock ${label.toLowerCase()} for ${name}`).toString("base64");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}
