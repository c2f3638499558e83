import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { chartRegistry } from "../stacks/layers/catalog";
import { fetchChart, writeReference } from "./chart-fetch";
import { chartName, REFERENCE_ENV, referenceDir } from "./chart-reference";

const USAGE = `usage: npm run charts:fetch -- [--record] [--force]
Downloads every pinned chart and keeps its values.yaml and values.schema.json in ${REFERENCE_ENV} (default .cache/charts).
  --record  accept archives whose pin records no digest, and print the digest to record beside the pin
  --force   download again charts already in the cache`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { record: { type: "boolean", default: false }, force: { type: "boolean", default: false } } });
  const dir = referenceDir();
  let failed = 0;
  for (const pin of chartRegistry()) {
    const cached = join(dir, pin.reference ?? chartName(pin.chart), pin.version, "values.yaml");
    if (existsSync(cached) && !values.force) {
      console.log(`cached      ${pin.chart} ${pin.version}`);
      continue;
    }
    try {
      const fetched = await fetchChart(pin, { record: values.record });
      writeReference(dir, pin, fetched.files);
      const note = pin.digest ? "" : `  record beside the pin: digest: "${fetched.digest}"`;
      console.log(`fetched     ${pin.chart} ${pin.version}${note}`);
    } catch (error) {
      failed++;
      console.error(`failed      ${pin.chart} ${pin.version}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${dir}: ${failed === 0 ? "every pinned chart is there" : `${failed} chart(s) missing`}`);
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? `${error.message}\n${USAGE}` : error);
    process.exitCode = 2;
  },
);
