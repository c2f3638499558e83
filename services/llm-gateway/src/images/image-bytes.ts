/** The formats vision models' loaders read, told by their first bytes rather than by what the client claims. */
const SIGNATURES: readonly (readonly [string, (bytes: Buffer) => boolean])[] = [
  ["png", (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ["jpeg", (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff],
  ["gif", (bytes) => bytes.subarray(0, 4).toString("latin1") === "GIF8"],
  ["webp", (bytes) => bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP"],
];

export const IMAGE_FORMATS = SIGNATURES.map(([format]) => format.toUpperCase()).join(", ");

export function imageFormat(bytes: Buffer): string | undefined {
  return SIGNATURES.find(([, matches]) => matches(bytes))?.[0];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of a base64 `data:` URL, or a message saying what is wrong with it. */
export function decodeDataUrl(url: string): Buffer | string {
  const comma = url.indexOf(",");
  const header = url.slice("data:".length, comma);
  if (comma < 0 || !header.endsWith(";base64")) return "a data URL must be base64 encoded (data:image/png;base64,…)";
  const payload = url.slice(comma + 1).replace(/\s+/g, "");
  if (!BASE64.test(payload)) return "the data URL's base64 payload is not valid base64";
  return Buffer.from(payload, "base64");
}
