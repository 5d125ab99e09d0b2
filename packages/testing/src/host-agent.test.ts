import { createStack, validateStack } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { hostAgent } from './host-agent.js';

/** The safety problems of the agent alone, as `[check] path` (its other gaps, probes and resources, aside). */
const problems = (...args: Parameters<typeof hostAgent>) =>
  validateStack(createStack({}, [hostAgent(...args)]))
    .filter((p) => p.address === 'hostAgent/daemonSet')
    .map((p) => ({
      check: /^\[([a-z-]+)\]/.exec(p.reason)?.[1],
      path: p.path,
      text: `${p.reason} ${p.message}`,
    }));

describe('hostAgent', () => {
  test('a DaemonSet mounting the node path it is given, which pod security flags and its exception lifts from host-access', () => {
    const found = problems('/var/log/pods');
    const hostPath = found.find((p) => p.path === 'spec.template.spec.volumes.0.hostPath');
    expect(hostPath?.check).toBe('pod-security-admission');
    expect(found.map((p) => p.check)).not.toContain('host-access');
    expect(found.map((p) => p.path)).not.toContain('spec.template.spec.hostNetwork');
  });

  test('on the host network when asked', () => {
    expect(problems('/var/lib/agent', true).map((p) => p.path)).toContain('spec.template.spec.hostNetwork');
  });
});
