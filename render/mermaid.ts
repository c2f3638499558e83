import type { ComponentNode } from "./component-tree";

/** A Mermaid flowchart of the component tree: one box per component, charts with their version. */
export function mermaidTree(roots: readonly ComponentNode[]): string {
  const lines = ["flowchart LR"];
  let next = 0;
  const walk = (node: ComponentNode, parent: string | undefined): void => {
    const id = `c${next++}`;
    lines.push(`  ${id}["${escape(node.name)}<br/><small>${escape(shortLabel(node))}</small>"]`);
    if (parent) lines.push(`  ${parent} --> ${id}`);
    for (const child of node.children) walk(child, id);
  };
  for (const root of roots) walk(root, undefined);
  return lines.join("\n");
}

/** `homelab:system:Traefik` → `Traefik`; `chart oci://…/cert-manager v1.21.1` → `cert-manager v1.21.1`. */
function shortLabel(node: ComponentNode): string {
  const [kind, chart, version] = node.label.split(" ");
  const label = kind === "chart" ? `${chart!.split("/").pop()} ${version}` : node.label.split(":").pop()!;
  return node.resources > 0 ? `${label}, ${node.resources} resources` : label;
}

/** Mermaid's entity codes for what would end a label. */
function escape(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}
