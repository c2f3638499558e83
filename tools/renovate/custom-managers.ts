import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** The part of a Renovate regex manager this check applies. */
export interface RegexManager {
  readonly customType: "regex";
  readonly description?: string;
  readonly fileMatch: readonly string[];
  readonly matchStrings: readonly string[];
  readonly datasourceTemplate?: string;
}

/** A dependency a custom manager finds, as Renovate would extract it. */
export interface FoundPin {
  readonly file: string;
  readonly datasource: string | undefined;
  readonly depName: string;
  readonly currentValue: string;
  readonly registryUrl?: string;
}

const SKIPPED = new Set(["node_modules", ".git", "out"]);

/** Files of the project, as paths relative to it with `/`. */
export function projectFiles(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? projectFiles(path, root) : [relative(root, path).split(sep).join("/")];
  });
}

/** What the regex managers extract from the project, the way Renovate applies them: every match in every matching file. */
export function findPins(managers: readonly RegexManager[], projectDir: string): FoundPin[] {
  const files = projectFiles(projectDir);
  return managers.flatMap((manager) =>
    files
      .filter((file) => manager.fileMatch.some((pattern) => new RegExp(pattern).test(file)))
      .flatMap((file) => {
        const text = readFileSync(join(projectDir, file), "utf8");
        return manager.matchStrings.flatMap((pattern) =>
          [...text.matchAll(new RegExp(pattern, "g"))].map(({ groups = {} }) => ({
            file,
            datasource: groups.datasource ?? manager.datasourceTemplate,
            depName: groups.depName!,
            currentValue: groups.currentValue!,
            ...(groups.registryUrl && { registryUrl: groups.registryUrl }),
          })),
        );
      }),
  );
}
