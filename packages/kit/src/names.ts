/**
 * Object keys are camelCase and unique in a component (`prometheusRules/kubeSystem`), while
 * Kubernetes names are kebab-case: these turn one into the other, the same way everywhere.
 */

/** `kube-system` → `KubeSystem`: a name as the tail of a camelCase object key. */
export function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** `node-exporter` → `nodeExporter`. */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal ? pascal[0]!.toLowerCase() + pascal.slice(1) : pascal;
}
