// Helpers of this package's tests (index.ts does not export them, so they never reach dist/).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addMixin,
  type Dashboard,
  definePart,
  type Mixin,
  type Part,
  quantityValue,
  type RenderResult,
} from '@mixstack/core';
import { goldenDirectory } from '@mixstack/testing';

export { archiver } from '@mixstack/testing';

/** This package's golden files (`UPDATE_GOLDEN=1 npx vitest run src/golden.test.ts` rewrites them). */
export const { expectGoldenFolder } = goldenDirectory(
  join(dirname(fileURLToPath(import.meta.url)), '__golden__'),
);

function dashboard(title: string, exprs: string[]): Dashboard {
  return {
    title,
    schemaVersion: 39,
    panels: exprs.map((expr, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: `Panel ${i + 1}`,
      datasource: { type: 'prometheus', uid: 'prometheus' },
      gridPos: { h: 8, w: 12, x: 0, y: i * 8 },
      targets: [{ refId: 'A', expr }],
    })),
  };
}

/** A mixin of another package, as upstream's kubernetes-mixin has it for a self-hosted control plane. */
export function upstreamLike(): Part {
  const mixin: Mixin = {
    title: 'Upstream Like',
    prometheusAlerts: {
      groups: [
        {
          name: 'upstream-control-plane',
          rules: [
            {
              alert: 'UpstreamSchedulerDown',
              expr: 'absent(up{job="kube-scheduler"} == 1)',
              for: '15m',
              labels: { severity: 'critical' },
            },
            {
              alert: 'UpstreamControllerManagerDown',
              expr: 'absent(up{job="kube-controller-manager"} == 1)',
              for: '15m',
              labels: { severity: 'critical' },
            },
            {
              alert: 'UpstreamApiserverDown',
              expr: 'absent(up{job="apiserver"} == 1)',
              for: '15m',
              labels: { severity: 'critical' },
            },
          ],
        },
      ],
    },
    grafanaDashboards: {
      'scheduler.json': dashboard('Scheduler', ['sum(up{job="kube-scheduler"})']),
      'control-plane.json': dashboard('Control plane', [
        'sum by (job) (up{job=~"apiserver|kube-scheduler|kube-controller-manager"})',
      ]),
    },
  };
  return definePart('upstream-like', (stack) => addMixin(stack, 'test', 'upstream-like', mixin));
}

interface Resources {
  requests?: { cpu?: string; memory?: string };
}
interface Container {
  resources?: Resources;
  restartPolicy?: string;
}
interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
}
/** The fields of a workload's (or an operator-managed object's) spec that hold requests. */
interface Spec {
  replicas?: number;
  resources?: Resources;
  containers?: Container[];
  template?: { spec?: PodSpec };
}

/** Every container the rendered pods request (replicas and operator-built pods counted), summed: CPU in cores, memory in bytes. */
export function totalRequests(result: RenderResult): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  const add = (resources: { requests?: { cpu?: string; memory?: string } } | undefined, times: number) => {
    cpu += times * (quantityValue(resources?.requests?.cpu ?? '0') ?? 0);
    memory += times * (quantityValue(resources?.requests?.memory ?? '0') ?? 0);
  };
  for (const { object } of result.objects) {
    const spec = (object as unknown as { spec?: Spec }).spec;
    if (!spec) continue;
    // A DaemonSet's pod runs on every node: counted once, for the one node of an edge cluster.
    const replicas = object.kind === 'DaemonSet' ? 1 : typeof spec.replicas === 'number' ? spec.replicas : 1;
    const pod = spec.template?.spec;
    // Jobs run and end: only the pods that stay (workloads, operator-managed pods) count.
    if (pod && object.kind !== 'Job') {
      for (const c of pod.containers ?? []) add(c.resources, replicas);
      for (const c of pod.initContainers ?? []) if (c.restartPolicy === 'Always') add(c.resources, replicas);
    } else if (object.kind === 'Prometheus' || object.kind === 'Alertmanager') {
      add(spec.resources, replicas);
      for (const c of spec.containers ?? []) add(c.resources, replicas);
    }
  }
  return { cpu, memory };
}
