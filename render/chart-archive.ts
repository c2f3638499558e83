import { gunzipSync } from "node:zlib";

/** The files of a chart archive the value checks read, from the chart's own folder (not its subcharts). */
export const REFERENCE_FILES = ["Chart.yaml", "values.yaml", "values.schema.json"] as const;

const BLOCK = 512;

/**
 * The reference files of a packaged chart (`<name>-<version>.tgz`, a gzipped tar whose
 * top folder is the chart's name), by file name. Helm writes plain ustar entries, so a
 * reader of names, sizes and PAX long names is all it takes.
 */
export function referenceFilesOf(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const paths: string[] = [];
  for (const entry of tarEntries(gunzipSync(archive))) {
    paths.push(entry.path);
    const name = entry.path.split("/").slice(1).join("/");
    if ((REFERENCE_FILES as readonly string[]).includes(name)) files.set(name, entry.content);
  }
  if (!files.has("values.yaml")) throw new Error(`the archive has no <chart>/values.yaml (entries: ${paths.join(", ")})`);
  return files;
}

interface TarEntry {
  readonly path: string;
  readonly content: Buffer;
}

function* tarEntries(tar: Buffer): Generator<TarEntry> {
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length && tar[offset] !== 0) {
    const header = tar.subarray(offset, offset + BLOCK);
    const size = parseInt(text(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156]!);
    const content = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x") {
      longName = paxPath(content) ?? longName;
      continue;
    }
    if (type === "L") {
      longName = text(content, 0, content.length);
      continue;
    }
    const prefix = text(header, 345, 155);
    const path = longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = undefined;
    if (type === "0" || type === "\0") yield { path, content: Buffer.from(content) };
  }
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString("utf8");
}

/** The `path` record of a PAX extended header (`<len> path=<value>\n`). */
function paxPath(content: Buffer): string | undefined {
  const match = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(content.toString("utf8"));
  return match?.[1];
}
