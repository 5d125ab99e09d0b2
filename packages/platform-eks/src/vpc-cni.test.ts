import { alertsOf, createStack, render, renderMixins } from '@mixstack/core';
import { promtoolTests } from '@mixstack/kit';
import {
  connectionVerdict,
  describeRunbooks,
  networkModel,
  podOf,
  promtoolCheckRules,
  promtoolSuite,
  runPromtoolSuite,
} from '@mixstack/testing';
import { prometheus } from 'mixstack';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { eks, VPC_CNI_MIXIN } from './index.js';
import { vpcCniAlertCases } from './vpc-cni.cases.js';
import { vpcCniMixin } from './vpc-cni.js';

const PACKAGE = '@mixstack/platform-eks';
const ALERTS_FILE = `${VPC_CNI_MIXIN}/prometheus_alerts.yaml`;
const rules = () => parse(renderMixins(createStack({}, [eks()])).get(ALERTS_FILE)!);

describe('the AWS VPC CNI', () => {
  const result = render(createStack({}, [prometheus(), eks()]));

  test('a headless Service in kube-system in front of aws-node port 61678, as kube-prometheus has it', () => {
    expect(parse(result.files.get('eks-vpcCniService.yaml')!)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'aws-node',
        namespace: 'kube-system',
        labels: { 'app.kubernetes.io/name': 'aws-node', 'app.kubernetes.io/part-of': 'mixstack' },
      },
      spec: {
        clusterIP: 'None',
        selector: { 'app.kubernetes.io/name': 'aws-node' },
        ports: [{ name: 'cni-metrics-port', port: 61678, targetPort: 61678 }],
      },
    });
  });

  test("Prometheus scrapes it through core's scrape targets: every 30s, instance the node", () => {
    const target = result.sections.scrapeTargets.awsVpcCni!;
    expect(target).toMatchObject({ namespace: 'kube-system', jobLabel: 'app.kubernetes.io/name' });
    const monitor = result.objects.find(
      (o) => o.object.kind === 'ServiceMonitor' && JSON.stringify(o.object).includes('cni-metrics-port'),
    );
    expect(monitor, 'a ServiceMonitor for aws-node').toBeDefined();
    const spec = (monitor!.object as unknown as { spec: Record<string, unknown> }).spec;
    expect(spec).toMatchObject({
      namespaceSelector: { matchNames: ['kube-system'] },
      selector: { matchLabels: { 'app.kubernetes.io/name': 'aws-node' } },
      jobLabel: 'app.kubernetes.io/name',
    });
    expect(JSON.stringify(spec.endpoints)).toContain('__meta_kubernetes_pod_node_name');
  });

  test("Prometheus's NetworkPolicy lets it reach aws-node on the nodes (host network, port 61678)", () => {
    const model = networkModel(result.objects.map((o) => o.object as unknown as Record<string, unknown>));
    const from = podOf(model, { name: 'k8s', kind: 'Prometheus' });
    const node = { kind: 'address', ip: '10.0.1.10' } as const;
    expect(connectionVerdict(model, { from, to: node, port: 61678 }).allowed).toBe(true);
  });

  test('the warm-IP alert is in the rendered PrometheusRules; vpcCni: false leaves all of it out', () => {
    const texts = (r: ReturnType<typeof render>) => [...r.files.values()].join('\n');
    expect(texts(result)).toContain('AwsVpcCniWarmIPsLow');
    const off = render(createStack({}, [prometheus(), eks({ vpcCni: false })]));
    expect(texts(off)).not.toMatch(/AwsVpcCniWarmIPsLow|cni-metrics-port/);
    expect(off.sections.scrapeTargets.awsVpcCni).toBeUndefined();
  });

  test('minimumWarmIPs sets the threshold', () => {
    const threshold = (minimumWarmIPs?: number) =>
      alertsOf(vpcCniMixin(minimumWarmIPs ?? 10))[0]!
        .rule.expr.split('<')
        .at(-1)!
        .trim();
    expect(threshold()).toBe('10');
    const stack = render(createStack({}, [prometheus(), eks({ vpcCni: { minimumWarmIPs: 3 } })]));
    expect(JSON.stringify(stack.sections.mixins[VPC_CNI_MIXIN])).toContain(') < 3');
  });
});

describe('promtool', () => {
  test('check rules accepts the rule file', () => {
    const { code, output } = promtoolCheckRules({ 'aws-vpc-cni.yaml': rules() });
    expect(code, output).toBe(0);
    expect(output).toContain('SUCCESS: 1 rules found');
  });

  test('the alert has a case where it fires and one where it stays silent, and passes them', () => {
    expect(Object.keys(vpcCniAlertCases)).toEqual(alertsOf(vpcCniMixin(10)).map(({ rule }) => rule.alert));
    const cases = vpcCniAlertCases.AwsVpcCniWarmIPsLow!;
    expect(cases.some((c) => c.fires.length > 0)).toBe(true);
    expect(cases.some((c) => c.fires.length === 0)).toBe(true);
    const suite = promtoolSuite(rules(), promtoolTests(vpcCniAlertCases));
    const { code, output } = runPromtoolSuite(suite);
    expect(code, output).toBe(0);
    expect(output.match(/ SUCCESS/g)).toHaveLength(suite.testFiles.length);
  });

  test('the cases can fail: a silent case expected to fire is reported', () => {
    const [firing, silent] = vpcCniAlertCases.AwsVpcCniWarmIPsLow!;
    const wrong = { AwsVpcCniWarmIPsLow: [{ ...silent!, fires: firing!.fires }] };
    const { code, output } = runPromtoolSuite(promtoolSuite(rules(), promtoolTests(wrong)));
    expect(code).not.toBe(0);
    expect(output).toContain('alertname: AwsVpcCniWarmIPsLow');
  });
});

describeRunbooks({ mixins: { [VPC_CNI_MIXIN]: vpcCniMixin(10) }, packageName: PACKAGE });
