import { describe, expect, test } from 'vitest';
import { camelCase, pascalCase } from './names.js';

describe('names', () => {
  test.each([
    ['kube-system', 'KubeSystem', 'kubeSystem'],
    ['node-exporter', 'NodeExporter', 'nodeExporter'],
    ['team-1', 'Team1', 'team1'],
    ['apps', 'Apps', 'apps'],
    ['k8s_resources.cluster', 'K8sResourcesCluster', 'k8sResourcesCluster'],
    ['--', '', ''],
  ])('%s → %s / %s', (name, pascal, camel) => {
    expect(pascalCase(name)).toBe(pascal);
    expect(camelCase(name)).toBe(camel);
  });
});
