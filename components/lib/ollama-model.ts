/**
 * The identity Ollama gives a model name: `qwen3`, `library/qwen3:latest` and
 * `registry.ollama.ai/library/QWEN3` are one model. model-sync applies the same rule
 * inside the cluster; the stack checks with it so a list the Job would refuse never
 * reaches the Job.
 */
export function ollamaModelKey(name: string): string {
  let short = name.toLowerCase();
  for (const prefix of ["registry.ollama.ai/", "library/"]) {
    if (short.startsWith(prefix)) short = short.slice(prefix.length);
  }
  // A colon before the last `/` belongs to a registry port (`localhost:5000/m`), not a tag.
  return short.lastIndexOf(":") > short.lastIndexOf("/") ? short : `${short}:latest`;
}
