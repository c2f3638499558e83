const DEFAULT_REGISTRY = "registry.ollama.ai/";
const DEFAULT_NAMESPACE = "library/";

/**
 * The identity Ollama gives a model name: `llama3.2`, `library/llama3.2:latest` and
 * `registry.ollama.ai/library/LLAMA3.2` are one model, and `/api/tags` lists it as
 * `llama3.2:latest`. Ollama matches names case-insensitively, so the key is lower case.
 */
export function modelKey(name: string): string {
  let short = name.toLowerCase();
  if (short.startsWith(DEFAULT_REGISTRY)) short = short.slice(DEFAULT_REGISTRY.length);
  if (short.startsWith(DEFAULT_NAMESPACE)) short = short.slice(DEFAULT_NAMESPACE.length);
  return hasTag(short) ? short : `${short}:latest`;
}

/** A colon before the last `/` belongs to a registry port (`localhost:5000/m`), not a tag. */
function hasTag(name: string): boolean {
  return name.lastIndexOf(":") > name.lastIndexOf("/");
}
