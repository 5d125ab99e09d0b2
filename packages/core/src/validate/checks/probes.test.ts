import { describe, expect, test } from 'vitest';
import type { KubeObject } from '../../kube.js';
import { probes } from './probes.js';
import { compliantObjects, edit, exceptionTests, locations, runCheck } from './test-helpers.js';

const P = 'spec.template.spec';
const APP = `${P}.containers.0`;

describe('probes', () => {
  test('passes the compliant fixture (whose init container has no probes)', () => {
    expect(runCheck(probes, compliantObjects())).toEqual([]);
  });

  test.each(['readinessProbe', 'livenessProbe'])('detects a container without a %s', (probe) => {
    const violations = runCheck(
      probes,
      edit(compliantObjects(), 'app/deployment', `${APP}.${probe}`, undefined),
    );
    expect(locations(violations)).toEqual([{ address: 'app/deployment', path: `${APP}.${probe}` }]);
  });

  test.each([
    ['Job', 'batch/v1', 'spec.template'],
    ['CronJob', 'batch/v1', 'spec.jobTemplate.spec.template'],
  ])('run-to-completion %s pods need no probes', (kind, apiVersion, templatePath) => {
    const deployment = compliantObjects()['app/deployment'] as unknown as {
      spec: { template: { spec: Record<string, unknown> } };
    };
    const container = { name: 'run', image: 'busybox:1.36.1' };
    const template = { spec: { ...deployment.spec.template.spec, containers: [container] } };
    const object = edit(
      { job: { apiVersion, kind, metadata: { name: 'job', namespace: 'monitoring' } } as KubeObject },
      'job',
      templatePath,
      template,
    );
    expect(runCheck(probes, { 'app/job': object.job! })).toEqual([]);
  });

  exceptionTests(
    probes,
    () => edit(compliantObjects(), 'app/deployment', `${APP}.livenessProbe`, undefined),
    'app/deployment',
  );
});
