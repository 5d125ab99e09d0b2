import { describe, expect, test } from 'vitest';
import { selectorMatchesTemplate } from './selector-matches-template.js';
import {
  compliantObjects,
  compliantStatefulObjects,
  edit,
  exceptionTests,
  locations,
  runCheck,
} from './test-helpers.js';

describe('selector-matches-template', () => {
  test('passes the compliant fixtures', () => {
    expect(runCheck(selectorMatchesTemplate, compliantObjects())).toEqual([]);
    expect(runCheck(selectorMatchesTemplate, compliantStatefulObjects())).toEqual([]);
  });

  test.each([
    ['a selector label the pods lack', { matchLabels: { 'app.kubernetes.io/name': 'other' } }],
    ['an extra selector label', { matchLabels: { 'app.kubernetes.io/name': 'app', tier: 'web' } }],
    [
      'an expression the pods fail',
      {
        matchLabels: { 'app.kubernetes.io/name': 'app' },
        matchExpressions: [{ key: 'tier', operator: 'Exists' }],
      },
    ],
  ])('detects %s on a Deployment', (_name, selector) => {
    const violations = runCheck(
      selectorMatchesTemplate,
      edit(compliantObjects(), 'app/deployment', 'spec.selector', selector),
    );
    expect(locations(violations)).toEqual([{ address: 'app/deployment', path: 'spec.selector' }]);
    expect(violations[0]?.value).toEqual(selector);
  });

  test('detects pod template labels that changed under the selector of a StatefulSet', () => {
    const objects = edit(compliantStatefulObjects(), 'app/statefulSet', 'spec.template.metadata.labels', {
      app: 'x',
    });
    expect(locations(runCheck(selectorMatchesTemplate, objects))).toEqual([
      { address: 'app/statefulSet', path: 'spec.selector' },
    ]);
  });

  test('pods may carry more labels than the selector names', () => {
    const objects = edit(compliantObjects(), 'app/deployment', 'spec.template.metadata.labels.tier', 'web');
    expect(runCheck(selectorMatchesTemplate, objects)).toEqual([]);
  });

  exceptionTests(
    selectorMatchesTemplate,
    () => edit(compliantObjects(), 'app/deployment', 'spec.selector.matchLabels.tier', 'web'),
    'app/deployment',
  );
});
