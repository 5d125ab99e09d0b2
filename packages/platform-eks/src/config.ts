import { options } from '@mixstack/core';

/** The package: the `source` of everything it adds to a stack, named in problems and conflicts. */
export const SOURCE = '@mixstack/platform-eks';

/** The options of `eks()`, every field set. */
export interface EksValues {
  /**
   * The StorageClass of every PersistentVolumeClaim that names none (`common.storageClass`).
   * @default 'standard'
   */
  storageClass: string;
  /**
   * Components the platform cannot run (a node agent where pods may not read the host), by
   * their name in the stack. They are turned off unless the user turns them on explicitly
   * (`nodeExporter({ enabled: true })`).
   * @default []
   */
  without: string[];
  /**
   * The URL each component is reached at from outside the cluster, by component name (an
   * Ingress or load balancer of the platform); components read it from their contract.
   * @default {}
   */
  externalUrls: Record<string, string>;
}

/** What `eks()` accepts: any of its options (the defaults fill the rest). */
export type EksOptions = Partial<EksValues>;

/** Fresh defaults for every call. */
export function defaultEksValues(): EksValues {
  return { storageClass: 'standard', without: [], externalUrls: {} };
}

const componentName = () =>
  options.string({
    pattern: /^[a-z][a-zA-Z0-9]*$/,
    expected: 'a component name as the stack names it, such as "grafana"',
  });

export const eksSchema: options.Schema<EksOptions> = options.object({
  storageClass: options.dnsSubdomain(),
  without: options.array(componentName(), { unique: true }),
  externalUrls: options.record(
    options.string({
      pattern: /^https?:\/\/[^\s/]+(\/\S*)?$/,
      expected: 'a URL such as "https://grafana.example.com/"',
    }),
    componentName(),
  ),
});
