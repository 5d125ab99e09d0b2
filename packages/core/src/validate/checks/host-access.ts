import { isPlainObject } from '../../merge.js';
import { containersOf, get, podWorkloads } from './pods.js';
import type { SafetyCheck, Violation } from './types.js';

/**
 * No host namespaces, host paths, host ports or privileged containers (Pod Security
 * `baseline`). node-exporter and log collectors need some of these: they get a named
 * exception and run in a namespace labelled for the `privileged` level.
 */
export const hostAccess: SafetyCheck = {
  name: 'host-access',
  description: 'Pods use no host namespaces, hostPath volumes, host ports or privileged containers.',
  run(objects) {
    const violations: Violation[] = [];
    for (const { address, workload } of podWorkloads(objects)) {
      const spec = workload.podSpec;
      const base = workload.podSpecPath ?? 'spec';
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
        if (spec[field] === true) {
          violations.push({
            address,
            path: `${base}.${field}`,
            message: `${field} shares the node's namespace with the pod`,
            hint: `remove ${field}, or add a named exception with the reason`,
            value: true,
          });
        }
      }
      const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
      volumes.forEach((volume, i) => {
        if (isPlainObject(volume) && volume.hostPath !== undefined) {
          violations.push({
            address,
            path: `${base}.volumes.${i}.hostPath`,
            message: `volume "${String(volume.name)}" mounts a path of the node`,
            hint: 'use another volume type, or add a named exception with the reason',
            value: volume.hostPath,
          });
        }
      });
      for (const { container, path } of containersOf(workload)) {
        if (get(container, 'securityContext.privileged') === true) {
          violations.push({
            address,
            path: `${path}.securityContext.privileged`,
            message: `container "${String(container.name)}" is privileged`,
            hint: 'remove privileged: true',
            value: true,
          });
        }
        const ports = Array.isArray(container.ports) ? container.ports : [];
        ports.forEach((port, i) => {
          if (isPlainObject(port) && typeof port.hostPort === 'number' && port.hostPort !== 0) {
            violations.push({
              address,
              path: `${path}.ports.${i}.hostPort`,
              message: `container "${String(container.name)}" binds host port ${port.hostPort}`,
              hint: 'expose the port through a Service instead, or add a named exception with the reason',
              value: port.hostPort,
            });
          }
        });
      }
    }
    return violations;
  },
};
