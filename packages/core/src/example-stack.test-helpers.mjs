// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Grafana writes its variables as ${name} in plain strings
/**
 * A small example stack for the golden files and the determinism tests: one component
 * (a blackbox exporter with its Deployment, Service, ServiceAccount, NetworkPolicy and
 * ConfigMap, passing every safety check) and its mixin.
 *
 * Plain JavaScript on purpose: the determinism test renders it in fresh `node` processes
 * with the built package (`dist/index.js`), which cannot load TypeScript. The core module is
 * passed in, so the same stack is built with the sources (in vitest) and with the build.
 */

const NAME = 'blackbox-exporter';
const LABELS = { 'app.kubernetes.io/name': NAME };

/** @param {typeof import('./index.js')} core */
function blackboxExporter(core, options = {}) {
  const { addComponent, addMixin, contentHash, definePart, withValues } = core;

  const defaults = {
    image: 'quay.io/prometheus/blackbox-exporter:v0.27.0',
    port: 9115,
    replicas: 1,
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
    modules: { http_2xx: { prober: 'http', timeout: '5s', http: { preferred_ip_protocol: 'ip4' } } },
  };

  /** @param {import('../index.js').BuildContext<typeof defaults>} context */
  function build({ values, common }) {
    const metadata = { name: NAME, namespace: common.namespace, labels: LABELS };
    const config = `modules:\n${Object.entries(values.modules)
      .map(([name, module]) => `  ${name}: ${JSON.stringify(module)}`)
      .join('\n')}\n`;
    const security = {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    };
    return {
      serviceAccount: {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata,
        automountServiceAccountToken: false,
      },
      configMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { 'blackbox.yml': config } },
      deployment: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec: {
          replicas: values.replicas,
          selector: { matchLabels: LABELS },
          template: {
            metadata: {
              labels: LABELS,
              // Pods restart when the configuration changes; the checksum comes from the content only.
              annotations: { 'checksum/config': contentHash(config) },
            },
            spec: {
              serviceAccountName: NAME,
              automountServiceAccountToken: false,
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 65534,
                runAsGroup: 65534,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              containers: [
                {
                  name: NAME,
                  image: values.image,
                  args: ['--config.file=/etc/blackbox/blackbox.yml', `--web.listen-address=:${values.port}`],
                  ports: [{ name: 'http', containerPort: values.port }],
                  readinessProbe: { httpGet: { path: '/-/ready', port: 'http' } },
                  livenessProbe: { httpGet: { path: '/-/healthy', port: 'http' } },
                  resources: values.resources,
                  securityContext: security,
                  volumeMounts: [{ name: 'config', mountPath: '/etc/blackbox', readOnly: true }],
                },
              ],
              volumes: [{ name: 'config', configMap: { name: NAME } }],
            },
          },
        },
      },
      service: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata,
        spec: { selector: LABELS, ports: [{ name: 'http', port: values.port, targetPort: 'http' }] },
      },
      networkPolicy: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata,
        spec: {
          podSelector: { matchLabels: LABELS },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
              ports: [{ port: 'http', protocol: 'TCP' }],
            },
          ],
        },
      },
    };
  }

  /** @type {import('../index.js').Mixin} */
  const mixin = {
    title: 'Blackbox Exporter',
    prometheusAlerts: {
      groups: [
        {
          name: 'blackbox-exporter',
          rules: [
            {
              alert: 'BlackboxProbeFailed',
              expr: 'probe_success{job="blackbox"} == 0',
              for: '5m',
              labels: { severity: 'critical' },
              annotations: {
                summary: 'A blackbox probe fails.',
                description: 'The probe of {{ $labels.instance }} has failed for 5 minutes.',
              },
            },
            {
              alert: 'BlackboxSlowProbe',
              expr: 'avg_over_time(probe_duration_seconds{job="blackbox"}[1m]) > 1',
              for: '10m',
              labels: { severity: 'warning' },
              annotations: { summary: 'A blackbox probe takes more than a second.' },
            },
          ],
        },
      ],
    },
    prometheusRules: {
      groups: [
        {
          name: 'blackbox-exporter.rules',
          rules: [
            {
              record: 'instance:probe_success:avg5m',
              expr: 'avg by (instance) (avg_over_time(probe_success[5m]))',
            },
          ],
        },
      ],
    },
    grafanaDashboards: {
      'blackbox.json': {
        title: 'Blackbox probes',
        tags: ['blackbox'],
        templating: {
          list: [
            { name: 'datasource', type: 'datasource', query: 'prometheus' },
            {
              name: 'instance',
              type: 'query',
              datasource: { type: 'prometheus', uid: '${datasource}' },
              query: 'label_values(probe_success{job="blackbox"}, instance)',
            },
          ],
        },
        panels: [
          {
            type: 'timeseries',
            title: 'Probe success',
            datasource: { type: 'prometheus', uid: '${datasource}' },
            targets: [
              { refId: 'A', expr: 'avg_over_time(probe_success{instance=~"$instance"}[$__rate_interval])' },
            ],
          },
        ],
      },
    },
  };

  return definePart('blackboxExporter', (stack) => {
    let next = withValues(stack, 'example-blackbox', 'defaults', { blackboxExporter: defaults });
    next = withValues(next, 'example-blackbox', 'user', { blackboxExporter: options });
    next = addComponent(next, { name: 'blackboxExporter', source: 'example-blackbox', build });
    return addMixin(next, 'example-blackbox', NAME, mixin);
  });
}

/** @param {typeof import('./index.js')} core */
export function exampleStack(core) {
  return core.createStack(
    {
      namespace: 'monitoring',
      cluster: 'example',
      labels: { 'app.kubernetes.io/part-of': 'mixstack-example' },
    },
    [blackboxExporter(core, { replicas: 1 })],
  );
}
