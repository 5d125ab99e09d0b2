import { describe, expect, test } from 'vitest';
import {
  closestNames,
  didYouMean,
  isCamelCaseKey,
  isDnsLabel,
  isDnsSubdomain,
  isLabelKey,
  isLabelValue,
} from './names.js';

describe('isDnsLabel', () => {
  test.each(['a', 'monitoring', 'team-a', '0', 'a1-b2', 'x'.repeat(63)])('accepts %j', (name) => {
    expect(isDnsLabel(name)).toBe(true);
  });
  test.each(['', 'Monitoring', '-a', 'a-', 'a.b', 'a_b', 'x'.repeat(64), 'ä', 'a b'])(
    'rejects %j',
    (name) => {
      expect(isDnsLabel(name)).toBe(false);
    },
  );
});

describe('isDnsSubdomain', () => {
  // Kubernetes limits the whole name to 253 characters, not each dot-separated part to 63.
  test.each(['a', 'standard-rwo', 'alertmanager.slack', 'a.b.c', `${'x'.repeat(100)}.${'y'.repeat(100)}`])(
    'accepts %j',
    (name) => {
      expect(isDnsSubdomain(name)).toBe(true);
    },
  );
  test.each(['', '.a', 'a.', 'a..b', 'A.b', 'a_b', 'x'.repeat(254), 'a.-b'])('rejects %j', (name) => {
    expect(isDnsSubdomain(name)).toBe(false);
  });
});

describe('isLabelKey', () => {
  test.each([
    'app',
    'App_Name',
    'app.kubernetes.io/name',
    'example.com/team',
    'a',
    'a-b.c_d',
    'x'.repeat(63),
    'constructor',
    'toString',
    'hasOwnProperty',
    `${'a'.repeat(253)}/name`,
  ])('accepts %j', (key) => {
    expect(isLabelKey(key)).toBe(true);
  });
  test.each([
    '',
    '/name',
    'example.com/',
    'Example.com/name',
    '-app',
    'app-',
    'a/b/c',
    'x'.repeat(64),
    'a b',
    'ex_ample.com/a',
    '__proto__',
    `${'a'.repeat(254)}/name`,
  ])('rejects %j', (key) => {
    expect(isLabelKey(key)).toBe(false);
  });
});

describe('isLabelValue', () => {
  test.each(['', 'v1', 'a.b-c_d', 'Restricted', 'x'.repeat(63)])('accepts %j', (value) => {
    expect(isLabelValue(value)).toBe(true);
  });
  test.each(['-a', 'a-', 'a b', 'a/b', 'x'.repeat(64), '.'])('rejects %j', (value) => {
    expect(isLabelValue(value)).toBe(false);
  });
});

describe('isCamelCaseKey', () => {
  test.each(['a', 'serviceMonitor', 'nodeExporter', 'v2Api'])('accepts %j', (key) => {
    expect(isCamelCaseKey(key)).toBe(true);
  });
  test.each(['', 'ServiceMonitor', 'service-monitor', 'service_monitor', '2fa', 'a.b', 'a/b'])(
    'rejects %j',
    (key) => {
      expect(isCamelCaseKey(key)).toBe(false);
    },
  );
});

describe('closestNames and didYouMean', () => {
  const options = ['namespace', 'createNamespace', 'cluster', 'labels', 'storageClass'];

  test.each([
    ['namespce', ['namespace']],
    ['Namespace', ['namespace', 'createNamespace']],
    ['Labels', ['labels']],
    ['clustr', ['cluster']],
    ['storage', ['storageClass']],
    ['zzzzzzzz', []],
  ])('%j → %j', (typo, expected) => {
    expect(closestNames(typo, options)).toEqual(expected);
  });

  test('orders by distance, then by name, and limits the list', () => {
    expect(closestNames('ab', ['ac', 'ab1', 'aa', 'xb'], 2)).toEqual(['ab1', 'aa']);
  });

  test('reads well', () => {
    expect(didYouMean('namespce', options)).toBe(' Did you mean "namespace"?');
    expect(didYouMean('Namespace', options)).toBe(' Did you mean "namespace" or "createNamespace"?');
    expect(didYouMean('zzzzzzzz', options)).toBe('');
  });
});
