import { componentTree } from "./component-tree";
import { mermaidTree } from "./mermaid";
import type { Recording } from "./run-under-mocks";

/** The Mermaid block README shows for a stack: the same diagram the render writes to summary.md. */
export function diagramBlock(recording: Recording): string {
  return `\`\`\`mermaid\n${mermaidTree(componentTree(recording))}\n\`\`\``;
}

const start = (stack: string) => `<!-- diagram:${stack} (npm run readme:diagrams) -->`;
const end = (stack: string) => `<!-- /diagram:${stack} -->`;

/** The README text between a stack's markers. */
export function embeddedDiagram(readme: string, stack: string): string | undefined {
  const from = readme.indexOf(start(stack));
  const to = readme.indexOf(end(stack));
  if (from < 0 || to < from) return undefined;
  return readme.slice(from + start(stack).length, to).trim();
}

/** README with each stack's block between its markers replaced by `blocks[stack]`. */
export function withDiagrams(readme: string, blocks: Readonly<Record<string, string>>): string {
  let text = readme;
  for (const [stack, block] of Object.entries(blocks)) {
    const current = embeddedDiagram(text, stack);
    if (current === undefined) throw new Error(`README has no ${start(stack)} … ${end(stack)} markers; add them where the ${stack} diagram belongs`);
    const from = text.indexOf(start(stack)) + start(stack).length;
    text = `${text.slice(0, from)}\n${block}\n${text.slice(text.indexOf(end(stack)))}`;
  }
  return text;
}

/** Markers for a stack, as README holds them. */
export function markers(stack: string): [string, string] {
  return [start(stack), end(stack)];
}
