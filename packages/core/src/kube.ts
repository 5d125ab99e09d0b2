/** The minimal shape core needs of a Kubernetes object; components use the typed interfaces of kubernetes-models. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: { [key: string]: string };
  annotations?: { [key: string]: string };
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
}

/** `component/key`: how mixstack addresses every object it renders. */
export type Address = `${string}/${string}`;

export function address(component: string, key: string): Address {
  return `${component}/${key}`;
}

/** `apiVersion/kind`, the key of the kind registry (`apps/v1/Deployment`, `v1/Service`). */
export function kindKey(object: { apiVersion: string; kind: string }): string {
  return `${object.apiVersion}/${object.kind}`;
}

/** `Kind namespace/name`, how errors name an object the way kubectl users know it. */
export function objectIdentity(object: KubeObject): string {
  const ns = object.metadata?.namespace;
  return `${object.kind} ${ns ? `${ns}/` : ''}${object.metadata?.name ?? '<unnamed>'}`;
}
