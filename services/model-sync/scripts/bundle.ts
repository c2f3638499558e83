import { relative } from "node:path";
import { buildBundle } from "./build-bundle.ts";

const { path, bytes } = await buildBundle();
console.log(`${relative(process.cwd(), path)}: ${(bytes / 1024).toFixed(1)} KiB, runs with: node ${relative(process.cwd(), path)}`);
