import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The project's own imports, file by file, for the tests that keep the layering honest.
 * Type-only imports count: a circle of types is still a circle to read.
 */

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** TypeScript files under `dir`, relative to `root`. */
export function sourceFiles(root: string, dir: string, withTests = false): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(folder).flatMap((entry) => {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) return entry === "node_modules" ? [] : walk(path);
      return path.endsWith(".ts") && (withTests || !path.endsWith(".test.ts")) ? [path] : [];
    });
  return walk(join(root, dir)).map((path) => relative(root, path)).sort();
}

/** The project files a file imports (relative specifiers only), relative to `root`. */
export function localImports(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const specifiers = [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]!).filter((s) => s.startsWith("."));
  return [...new Set(specifiers.map((s) => resolveModule(root, dirname(file), s)))];
}

function resolveModule(root: string, from: string, specifier: string): string {
  const base = resolve(root, from, specifier);
  const candidates = [`${base}.ts`, join(base, "index.ts"), base];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return relative(root, found ?? base);
}

/** Every cycle of imports among `files`, each as the path around it. */
export function importCycles(root: string, files: readonly string[]): string[][] {
  const inScope = new Set(files);
  const edges = new Map(files.map((f) => [f, localImports(root, f).filter((t) => inScope.has(t))]));
  const cycles: string[][] = [];
  const done = new Set<string>();
  const visit = (file: string, path: string[]): void => {
    const at = path.indexOf(file);
    if (at >= 0) {
      cycles.push([...path.slice(at), file]);
      return;
    }
    if (done.has(file)) return;
    for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
    done.add(file);
  };
  for (const file of files) visit(file, []);
  return cycles;
}
