import {
  createStack,
  type Part,
  type RenderResult,
  render,
  renderMixins,
  validateStack,
} from '@mixstack/core';
import { alloy, grafana, prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { FARGATE_LOSSES } from './fargate.js';
import { eks } from './index.js';
import { archiver, hostAgent } from './test-helpers.js';

const OIDC = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const components = (result: RenderResult) => [...new Set(result.objects.map((o) => o.component))].sort();
/** The safety problems of a stack from one check (other checks do not concern these tests). */
const problems = (parts: Part[], check: string) =>
  validateStack(createStack({}, parts)).filter(
    (p) => p.reason.startsWith(`[${check}]`) || p.message.includes(`[${check}]`),
  );

describe('eks({ fargate: true })', () => {
  // Prometheus keeps its data on EBS: on Fargate it is checked, not rendered (see below).
  const ec2 = render(createStack({}, [grafana(), archiver(), prometheus(), eks()]));
  const fargate = () => createStack({}, [grafana(), archiver(), eks({ fargate: true })]);

  test('node-exporter and Alloy (DaemonSets reading the host) are left out; no StorageClass is rendered', () => {
    const ec2Agents = render(createStack({}, [grafana(), archiver(), alloy(), eks()]));
    const withAgents = render(createStack({}, [grafana(), archiver(), alloy(), eks({ fargate: true })]));
    // Alloy renders its DaemonSet once a pipeline asks for it; here its switch tells.
    expect(ec2Agents.stack.components.alloy!.enabled).toBe(true);
    expect(withAgents.stack.components.alloy!.enabled).toBe(false);
    expect(withAgents.files.has('eks-storageClass.yaml')).toBe(false);
    expect(withAgents.values.common.storageClass).toBeUndefined();
    expect([...withAgents.files.values()].join('\n')).not.toMatch(
      /kind: DaemonSet|hostNetwork: true|hostPath:/,
    );
    // With Prometheus (whose claims the check refuses, below): node-exporter is not among what it refuses.
    expect(components(ec2)).toContain('nodeExporter');
    const refused = problems([prometheus(), eks({ fargate: true })], 'eks-fargate').map((p) => p.address);
    expect(refused.some((address) => address?.startsWith('nodeExporter/'))).toBe(false);
  });

  test('the rules and dashboards that need node-exporter go with it', () => {
    const mixins = (fargate: boolean) =>
      [...renderMixins(createStack({}, [prometheus(), eks({ fargate })]))].filter(([path]) =>
        path.endsWith('.yaml'),
      );
    const text = (fargate: boolean) =>
      mixins(fargate)
        .map(([, content]) => content)
        .join('\n');
    expect(text(false)).toMatch(/job="node-exporter"/);
    expect(text(true)).not.toMatch(/job="node-exporter"/);
  });

  test('a build-time notice says what is lost and why', () => {
    const notice = render(createStack({}, [grafana(), alloy(), eks({ fargate: true })])).summary.notices.find(
      (n) => n.id === 'eks-left-out',
    );
    expect(notice?.level).toBe('warning');
    expect(notice?.message).toContain(
      "the collector (Alloy's DaemonSet) is left out: Fargate runs no DaemonSets. Lost: container logs",
    );
    expect(ec2.summary.notices.some((n) => n.id === 'eks-left-out')).toBe(false);
    const withExporter = validateStack(createStack({}, [prometheus(), eks({ fargate: true })]));
    expect(withExporter.length).toBeGreaterThan(0); // the claims; the notice text is the same data:
    expect(FARGATE_LOSSES.nodeExporter).toContain(
      'Lost: node CPU, memory, disk, filesystem and network metrics',
    );
  });

  test('a stack without EBS volumes or node agents is valid on Fargate', () => {
    expect(validateStack(fargate())).toEqual([]);
  });

  test("EBS claims (Prometheus's and Alertmanager's) are refused, naming the objects; no exception lifts it", () => {
    const found = problems([prometheus(), eks({ fargate: true })], 'eks-fargate');
    expect(found.map((p) => [p.code, p.address, p.path])).toEqual([
      ['SAFETY', 'alertmanager/alertmanager', 'spec.storage.volumeClaimTemplate'],
      ['SAFETY', 'prometheus/prometheus', 'spec.storage.volumeClaimTemplate'],
    ]);
    expect(found[0]!.message).toContain('EKS Fargate mounts no EBS volume');
    expect(problems([prometheus(), eks()], 'eks-fargate')).toEqual([]);
  });

  test('another DaemonSet reading the host is refused, though its own host-access exception covers it on EC2', () => {
    const found = problems([hostAgent('/var/lib/agent'), eks({ fargate: true })], 'eks-fargate');
    expect(found.map((p) => [p.address, p.path])).toEqual([
      ['hostAgent/daemonSet', 'kind'],
      ['hostAgent/daemonSet', 'spec.template.spec.volumes.0.hostPath'],
    ]);
    expect(problems([hostAgent('/var/lib/agent'), eks()], 'eks-fargate')).toEqual([]);
    expect(problems([hostAgent('/var/lib/agent'), eks()], 'host-access')).toEqual([]);
  });

  test('the user turning node-exporter back on is refused by the check, not silently dropped', () => {
    const found = problems(
      [prometheus({ nodeExporter: { enabled: true } }), eks({ fargate: true })],
      'eks-fargate',
    ).map((p) => p.address);
    expect(found).toEqual(expect.arrayContaining(['nodeExporter/daemonSet']));
  });

  test('IRSA works on Fargate; Pod Identity does not, and a StorageClass has no use there', () => {
    const s3 = { accountId: '123456789012', region: 'eu-west-1' };
    expect(
      validateStack(createStack({}, [archiver(), eks({ fargate: true, s3: { ...s3, oidcProvider: OIDC } })])),
    ).toEqual([]);
    const refused = validateStack(
      createStack({}, [
        eks({
          fargate: true,
          retainVolumes: true,
          s3: { ...s3, identity: 'podIdentity', clusterName: 'prod' },
        }),
      ]),
    );
    expect(refused.map((p) => [p.code, p.path])).toEqual([
      ['INVALID_OPTION', 's3.identity'],
      ['INVALID_OPTION', 'retainVolumes'],
    ]);
  });
});
