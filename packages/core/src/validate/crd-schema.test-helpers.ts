/**
 * A CustomResourceDefinition of the shape controller-gen writes: the `Widget` kind of
 * `example.com`, one version `v1`, whose `spec` has the given schema (`extra` goes to the top of
 * the openAPIV3Schema). Shared by the tests of crd-schema.ts and of render's validation.
 */
export function widgetCrd(spec: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: { type: 'object', ...spec },
              },
              required: ['spec'],
              ...extra,
            },
          },
        },
      ],
    },
  };
}
