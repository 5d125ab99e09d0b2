import {
  addNetworkClient,
  adjustResources,
  createStack,
  type Part,
  render,
  setComponentEnabled,
  validateStack,
} from '@mixstack/core';
import { kustomize } from '@mixstack/testing';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { thanos } from './index.js';

const platform = { source: 'test', layer: 'platform' } as const;
const rendered = (parts: Part[], file: string) =>
  parse(render(createStack({ namespace: 'monitoring' }, parts)).files.get(file) ?? 'null');

describe('the rendered component', () => {
  test.each([1, 2])('passes every safety check of core, with %i replicas', (replicas) => {
    expect(validateStack(createStack({ namespace: 'monitoring' }, [thanos({ replicas })]))).toEqual([]);
  });

  test('kubectl kustomize accepts the output', () => {
    const { status, stderr } = kustomize(render(createStack({}, [thanos({ replicas: 2 })])).files);
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  test('its NetworkPolicy admits the clients that reach it, by role or by name, and no one else', () => {
    const scraper: Part = (stack) =>
      addNetworkClient(stack, 'test', 'scraper', { podLabels: { app: 'scraper' }, reaches: ['@metrics'] });
    const browser: Part = (stack) =>
      addNetworkClient(stack, 'test', 'browser', { namespace: 'tools', reaches: ['thanos'] });
    const policy = rendered([thanos(), scraper, browser], 'thanos-networkPolicy.yaml');
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tools' } } },
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: { app: 'scraper' } },
          },
        ],
        ports: [{ port: 9091, protocol: 'TCP' }],
      },
    ]);
    expect(rendered([thanos()], 'thanos-networkPolicy.yaml').spec.ingress).toEqual([]);
  });

  test('other packages adjust it through its contracts: resources by container, enabled', () => {
    const adjust: Part = (stack) =>
      adjustResources(stack, platform, 'thanos', 'thanos', { limits: { memory: '128Mi' } });
    const pod = rendered([thanos(), adjust], 'thanos-deployment.yaml').spec.template.spec;
    expect(pod.containers[0].resources.limits).toEqual({ memory: '128Mi' });
    const off: Part = (stack) => setComponentEnabled(stack, platform, 'thanos', false);
    const result = render(createStack({}, [thanos(), off]));
    expect([...result.files.keys()].filter((file) => file.startsWith('thanos-'))).toEqual([]);
    expect(result.sections.mixins).toEqual({});
    expect(result.sections.scrapeTargets).toEqual({});
  });

  test('it publishes its Service and the metrics role, and asks the stack to scrape it', () => {
    const result = render(createStack({ namespace: 'observability' }, [thanos()]));
    expect(result.stack.components.thanos).toMatchObject({
      services: { http: { name: 'thanos', namespace: 'observability', port: 9091, scheme: 'http' } },
      roles: ['metrics'],
    });
    expect(result.sections.scrapeTargets.thanos).toMatchObject({
      namespace: 'observability',
      jobLabel: 'app.kubernetes.io/name',
      endpoints: [{ port: 'http', path: '/metrics' }],
    });
  });
});
