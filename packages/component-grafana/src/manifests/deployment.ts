import { MixstackError } from '@mixstack/core';
import {
  containerResources,
  restrictedPodSecurityContext,
  restrictedSecurityContext,
  topologySpread,
} from '@mixstack/kit';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { COMPONENT, NAME } from '../labels.js';
import { CONFIG_DIR, CONFIG_FILE } from './config-map.js';
import { type GrafanaContext, HTTP_PORT } from './context.js';
import { DASHBOARDS_DIR, type DashboardFile } from './dashboards.js';

/** The uid and gid of the `grafana` user of the official image. */
export const GRAFANA_UID = 472;

/** The pod-template annotation whose value changes with grafana.ini and the provisioning files. */
export const CHECKSUM_ANNOTATION = 'grafana.mixstack.dev/config-checksum';

/** Variables the component sets itself; `secretEnv` may not redefine them. */
const OWN_ENV = ['GF_PATHS_CONFIG', 'GF_SECURITY_ADMIN_USER', 'GF_SECURITY_ADMIN_PASSWORD'] as const;

function environment(context: GrafanaContext): IEnvVar[] {
  const { adminSecret, secretEnv } = context.values;
  for (const name of OWN_ENV) {
    if (secretEnv[name] !== undefined) {
      throw new MixstackError({
        code: 'INVALID_OPTION',
        message: `${name} is set by the component and cannot come from secretEnv`,
        address: COMPONENT,
        path: `secretEnv.${name}`,
        value: secretEnv[name],
        hint:
          name === 'GF_PATHS_CONFIG'
            ? 'change settings with the config option'
            : 'name the Secret of the admin credentials with the adminSecret option',
      });
    }
  }
  const fromSecret = (name: string, secret: string, key: string): IEnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: secret, key } },
  });
  return [
    { name: 'GF_PATHS_CONFIG', value: `${CONFIG_DIR}/${CONFIG_FILE}` },
    fromSecret('GF_SECURITY_ADMIN_USER', adminSecret.name, adminSecret.userKey),
    fromSecret('GF_SECURITY_ADMIN_PASSWORD', adminSecret.name, adminSecret.passwordKey),
    ...Object.keys(secretEnv)
      .sort()
      .map((name) => fromSecret(name, secretEnv[name]!.name, secretEnv[name]!.key)),
  ];
}

/**
 * Volumes and mounts. Grafana writes only to its data directory (SQLite database, sessions,
 * plugins) and to /tmp, both emptyDir: everything else is provisioned on every start. All
 * dashboards share one projected volume: each ConfigMap contributes its file under
 * `<mixin>/`, so the pod spec has one volume however many dashboards there are.
 */
function storage(dashboards: readonly DashboardFile[]): { volumes: IVolume[]; mounts: IVolumeMount[] } {
  const volumes: IVolume[] = [
    { name: 'config', configMap: { name: `${NAME}-config` } },
    { name: 'datasources', secret: { secretName: `${NAME}-datasources` } },
    { name: 'dashboard-providers', configMap: { name: `${NAME}-dashboard-providers` } },
    { name: 'storage', emptyDir: {} },
    { name: 'tmp', emptyDir: {} },
  ];
  const mounts: IVolumeMount[] = [
    { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
    { name: 'datasources', mountPath: '/etc/grafana/provisioning/datasources', readOnly: true },
    { name: 'dashboard-providers', mountPath: '/etc/grafana/provisioning/dashboards', readOnly: true },
    { name: 'storage', mountPath: '/var/lib/grafana' },
    { name: 'tmp', mountPath: '/tmp' },
  ];
  if (dashboards.length > 0) {
    volumes.push({
      name: 'dashboards',
      projected: {
        sources: dashboards.map((dashboard) => ({
          configMap: {
            name: dashboard.configMapName,
            items: [{ key: dashboard.file, path: `${dashboard.mixin}/${dashboard.file}` }],
          },
        })),
      },
    });
    mounts.push({ name: 'dashboards', mountPath: DASHBOARDS_DIR, readOnly: true });
  }
  return { volumes, mounts };
}

const healthProbe = (periodSeconds: number, failureThreshold: number) => ({
  httpGet: { path: '/api/health', port: 'http' },
  periodSeconds,
  timeoutSeconds: 5,
  failureThreshold,
});

export function deployment(
  context: GrafanaContext,
  dashboards: readonly DashboardFile[],
  checksum: string,
): IDeployment {
  const { values } = context;
  const { volumes, mounts } = storage(dashboards);
  // Over nodes and zones: a Grafana that survives a zone outage is where an outage is watched from.
  const spread =
    values.replicas > 1
      ? {
          topologySpreadConstraints: topologySpread(context.selector, [
            'kubernetes.io/hostname',
            'topology.kubernetes.io/zone',
          ]),
        }
      : {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: NAME, namespace: context.namespace, labels: context.labels },
    spec: {
      replicas: values.replicas,
      selector: { matchLabels: context.selector },
      template: {
        metadata: { labels: context.labels, annotations: { [CHECKSUM_ANNOTATION]: checksum } },
        spec: {
          serviceAccountName: NAME,
          automountServiceAccountToken: false,
          // Service environment variables (GRAFANA_PORT=tcp://...) are noise for Grafana, which reads GF_* ones.
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext({ user: GRAFANA_UID, fsGroup: GRAFANA_UID }),
          nodeSelector: { ...values.nodeSelector },
          ...(values.tolerations.length > 0
            ? { tolerations: values.tolerations.map((t) => ({ ...t })) }
            : {}),
          ...spread,
          containers: [
            {
              name: 'grafana',
              image: context.image,
              ports: [{ name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' }],
              env: environment(context),
              // Startup allows for the database migrations of a first start or an upgrade.
              startupProbe: healthProbe(5, 60),
              readinessProbe: healthProbe(10, 3),
              livenessProbe: healthProbe(10, 6),
              resources: containerResources(values.resources),
              securityContext: restrictedSecurityContext(),
              volumeMounts: mounts,
            },
          ],
          volumes,
        },
      },
    },
  };
}
