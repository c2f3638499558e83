import * as pulumi from "@pulumi/pulumi";

/** A value Pulumi holds as a secret, kept apart so a render can mask or reveal it. */
export class Secret {
  constructor(readonly value: unknown) {}
}

export const MASK = "[secret]";

/** Turns the engine's wire form of secrets (as mocks receive inputs) into Secret values. */
export function fromRpc(value: unknown): unknown {
  if (pulumi.runtime.isRpcSecret(value)) return new Secret(fromRpc(pulumi.runtime.unwrapRpcSecret(value)));
  if (Array.isArray(value)) return value.map(fromRpc);
  if (isPlainObject(value)) return mapValues(value, fromRpc);
  return value;
}

/** Resolves Outputs all the way down, wrapping secret ones. */
export async function resolveOutputs(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const [inner, secret] = await Promise.all([outputValue(value), pulumi.isSecret(value)]);
    const resolved = await resolveOutputs(inner);
    return secret ? new Secret(resolved) : resolved;
  }
  if (value instanceof Promise) return resolveOutputs(await value);
  if (Array.isArray(value)) return Promise.all(value.map(resolveOutputs));
  if (isPlainObject(value)) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveOutputs(v)] as const));
    return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  }
  return value;
}

/** The value of an Output once the mock engine has resolved it. */
export function outputValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => (resolve(v), v)));
}

/**
 * Plain data for a file: each value inside a secret becomes `[secret]` (its keys stay, so a
 * masked Secret is still a valid object and a diff shows which key changed), or the values
 * themselves when revealed.
 */
export function plain(value: unknown, reveal: boolean): unknown {
  if (value instanceof Secret) return reveal ? plain(value.value, reveal) : masked(value.value);
  if (Array.isArray(value)) return value.map((v) => plain(v, reveal));
  if (isPlainObject(value)) return mapValues(value, (v) => plain(v, reveal));
  return value;
}

function masked(value: unknown): unknown {
  if (value instanceof Secret) return masked(value.value);
  if (Array.isArray(value)) return value.map(masked);
  if (isPlainObject(value)) return mapValues(value, masked);
  return MASK;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;
}

function mapValues(obj: Record<string, unknown>, fn: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}
