import { createStack, type Part, render, validateStack } from '@mixstack/core';
import { describe, expect, test } from 'vitest';
import { k3s } from './index.js';
import { archive } from './test-helpers.js';

const configOf = (...parts: Part[]) =>
  render(createStack({ namespace: 'monitoring' }, parts)).objects.find((o) => o.address === 'archive/config')
    ?.object as { data: Record<string, string> } | undefined;

describe('k3s() on a component it has never heard of', () => {
  test('sets the common values every component reads', () => {
    const result = render(createStack({}, [archive(), k3s({ storageClass: 'fast-ssd' })]));
    expect(result.values.common).toMatchObject({ platform: 'k3s', storageClass: 'fast-ssd' });
    expect(configOf(archive(), k3s())?.data.storageClass).toBe('standard');
  });

  test("the user's common values win over the platform's", () => {
    const result = render(createStack({ storageClass: 'mine' }, [archive(), k3s()]));
    expect(result.values.common.storageClass).toBe('mine');
  });

  test('turns off the components it cannot run; the user turns one on explicitly', () => {
    const off = render(createStack({}, [archive(), k3s({ without: ['archive'] })]));
    expect(off.stack.has('archive')).toBe(false);
    expect(off.objects.map((o) => o.address)).not.toContain('archive/config');
    expect(configOf(archive({ enabled: true }), k3s({ without: ['archive'] }))).toBeDefined();
  });

  test('a component reads the URL the platform exposes it at from its contract', () => {
    const url = 'https://archive.example.com/';
    expect(configOf(archive(), k3s({ externalUrls: { archive: url } }))?.data.externalUrl).toBe(url);
  });

  test('a stack with it and a component is valid; the order of the parts does not matter', () => {
    const parts = [archive(), k3s({ externalUrls: { archive: 'https://a.example.com/' } })];
    expect(validateStack(createStack({}, parts))).toEqual([]);
    expect(render(createStack({}, [...parts].reverse())).files).toEqual(render(createStack({}, parts)).files);
  });
});
