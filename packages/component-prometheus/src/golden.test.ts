import { join } from 'node:path';
import { render } from '@mixstack/core';
import { goldenDirectory, kustomize } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { SCENARIOS } from './scenarios.test-helpers.js';
import { packageDir } from './test-helpers.js';

/** The rendered files of every scenario, `__golden__/<scenario>/` (`UPDATE_GOLDEN=1 npx vitest run` rewrites them). */
const { expectGoldenFolder } = goldenDirectory(join(packageDir, 'src/__golden__'));

const shared = [
  'alertmanager-networkPolicy.yaml',
  'alertmanager-secret.yaml',
  'alertmanager-service.yaml',
  'alertmanager-serviceAccount.yaml',
  'alertmanager-serviceMonitor.yaml',
  'kubeStateMetrics-clusterRole.yaml',
  'kubeStateMetrics-clusterRoleBinding.yaml',
  'kubeStateMetrics-deployment.yaml',
  'kubeStateMetrics-networkPolicy.yaml',
  'kubeStateMetrics-service.yaml',
  'kubeStateMetrics-serviceAccount.yaml',
  'kubeStateMetrics-serviceMonitor.yaml',
  'nodeExporter-clusterRole.yaml',
  'nodeExporter-clusterRoleBinding.yaml',
  'nodeExporter-daemonSet.yaml',
  'nodeExporter-networkPolicy.yaml',
  'nodeExporter-networkPolicyDefaultDeny.yaml',
  'nodeExporter-service.yaml',
  'nodeExporter-serviceAccount.yaml',
  'nodeExporter-serviceMonitor.yaml',
  'prometheus-clusterRole.yaml',
  'prometheus-clusterRoleBinding.yaml',
  'prometheus-networkPolicy.yaml',
  'prometheus-roleBindingConfig.yaml',
  'prometheus-roleConfig.yaml',
  'prometheus-service.yaml',
  'prometheus-serviceAccount.yaml',
  'prometheus-serviceMonitor.yaml',
  'prometheusOperator-clusterRole.yaml',
  'prometheusOperator-clusterRoleBinding.yaml',
  'prometheusOperator-deployment.yaml',
  'prometheusOperator-networkPolicy.yaml',
  'prometheusOperator-service.yaml',
  'prometheusOperator-serviceAccount.yaml',
  'prometheusOperator-serviceMonitor.yaml',
  'stack-networkPolicyDefaultDeny.yaml',
];

const controlPlane = [
  'kubernetesControlPlane-serviceMonitorApiserver.yaml',
  'kubernetesControlPlane-serviceMonitorCoreDNS.yaml',
  'kubernetesControlPlane-serviceMonitorKubeControllerManager.yaml',
  'kubernetesControlPlane-serviceMonitorKubeScheduler.yaml',
  'kubernetesControlPlane-serviceMonitorKubelet.yaml',
];

/** The PrometheusRules of the package's own mixins, one per mixin. */
const mixinRules = [
  'prometheusRules-alertmanager.yaml',
  'prometheusRules-kubePrometheus.yaml',
  'prometheusRules-kubeStateMetrics.yaml',
  'prometheusRules-kubernetes.yaml',
  'prometheusRules-nodeExporter.yaml',
  'prometheusRules-prometheus.yaml',
  'prometheusRules-prometheusOperator.yaml',
];

/** The files each scenario renders, written out: a new or lost object shows up here first. */
const EXPECTED_FILES: Record<string, string[]> = {
  default: [
    'setup/nodeExporter-namespace.yaml',
    'setup/stack-namespace.yaml',
    ...shared,
    ...controlPlane,
    ...mixinRules,
    'alertmanager-alertmanager.yaml',
    'alertmanager-podDisruptionBudget.yaml',
    'prometheus-podDisruptionBudget.yaml',
    'prometheus-prometheus.yaml',
    'Kustomization',
  ],
  'custom-namespace-small': [
    'setup/nodeExporter-namespace.yaml',
    'setup/stack-namespace.yaml',
    ...shared,
    ...controlPlane,
    ...mixinRules,
    'alertmanager-alertmanager.yaml',
    'prometheus-prometheus.yaml',
    'Kustomization',
  ],
  'all-options': [
    'setup/nodeExporter-namespace.yaml',
    'setup/stack-namespace.yaml',
    ...shared,
    ...mixinRules,
    'alertmanager-alertmanager.yaml',
    'alertmanager-podDisruptionBudget.yaml',
    'kubernetesControlPlane-serviceMonitorApiserver.yaml',
    'kubernetesControlPlane-serviceMonitorKubelet.yaml',
    'prometheus-podDisruptionBudget.yaml',
    'prometheus-prometheus.yaml',
    'prometheus-roleBindingInApps.yaml',
    'prometheus-roleBindingInDefault.yaml',
    'prometheus-roleBindingInKubeSystem.yaml',
    'prometheus-roleBindingInMetrics.yaml',
    'prometheus-roleBindingInNodeMetrics.yaml',
    'prometheus-roleBindingInPayments.yaml',
    'prometheus-roleInApps.yaml',
    'prometheus-roleInDefault.yaml',
    'prometheus-roleInKubeSystem.yaml',
    'prometheus-roleInMetrics.yaml',
    'prometheus-roleInNodeMetrics.yaml',
    'prometheus-roleInPayments.yaml',
    'prometheusRules-testApp.yaml',
    'prometheusScrapeTargets-testApp.yaml',
    'prometheusScrapeTargets-testAppPods.yaml',
    'Kustomization',
  ],
};

describe.each(Object.keys(SCENARIOS))('golden scenario %s', (scenario) => {
  test('renders the expected files, byte for byte (UPDATE_GOLDEN=1 rewrites them)', () => {
    const { files } = render(SCENARIOS[scenario]!());
    expect([...files.keys()].sort()).toEqual([...EXPECTED_FILES[scenario]!].sort());
    expectGoldenFolder(scenario, files);
  });

  test('renders the same bytes twice', () => {
    const first = render(SCENARIOS[scenario]!()).files;
    const second = render(SCENARIOS[scenario]!()).files;
    expect([...second.entries()]).toEqual([...first.entries()]);
  });

  test('kubectl kustomize accepts the rendered directory', () => {
    const { files, objects } = render(SCENARIOS[scenario]!());
    const result = kustomize(files);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const documents = parseAllDocuments(result.stdout).map((document) => document.toJS());
    expect(documents).toHaveLength(objects.length);
    expect(
      new Set(documents.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`)).size,
    ).toBe(objects.length);
  });
});
