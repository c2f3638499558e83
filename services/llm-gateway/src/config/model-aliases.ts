/** A model the gateway serves: the name clients use and the Ollama model behind it. */
export interface ModelAlias {
  readonly alias: string;
  readonly upstream: string;
}

/**
 * Parses `MODEL_ALIASES`: comma-separated `alias=ollama-model` pairs, or a bare
 * Ollama model name that is served under its own name.
 */
export function parseModelAliases(raw: string | undefined): ModelAlias[] {
  const entries = (raw ?? "").split(",").map((entry) => entry.trim()).filter(Boolean);
  const aliases = entries.map(parseEntry);
  const seen = new Set<string>();
  for (const { alias } of aliases) {
    if (seen.has(alias)) throw new Error(`MODEL_ALIASES: alias "${alias}" is listed twice`);
    seen.add(alias);
  }
  return aliases;
}

function parseEntry(entry: string): ModelAlias {
  const separator = entry.indexOf("=");
  if (separator === -1) return { alias: entry, upstream: entry };
  const alias = entry.slice(0, separator).trim();
  const upstream = entry.slice(separator + 1).trim();
  if (!alias || !upstream) {
    throw new Error(`MODEL_ALIASES: "${entry}" is not of the form alias=model (e.g. fast=llama3.2:1b)`);
  }
  return { alias, upstream };
}
