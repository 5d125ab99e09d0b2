import { describe, expect, test } from 'vitest';
import { iniValueText, mergeIni, renderIni } from './ini.js';

describe('grafana.ini', () => {
  test('sections and keys are sorted, empty sections left out, one final newline', () => {
    const text = renderIni({
      server: { http_port: 3000, domain: 'x' },
      analytics: { reporting_enabled: false },
      empty: {},
    });
    expect(text).toBe('[analytics]\nreporting_enabled = false\n\n[server]\ndomain = x\nhttp_port = 3000\n');
  });

  test.each([
    ['plain', 'grafana.example.com', 'grafana.example.com'],
    ['a number', 30, '30'],
    ['a boolean', true, 'true'],
    ['an inline comment marker', 'a;b', '`a;b`'],
    ['a hash', 'color #fff', '`color #fff`'],
    ['double quotes', 'say "hi"', '`say "hi"`'],
    ['surrounding spaces', ' padded ', '` padded `'],
    ['an expansion stays as it is', '$__file{/etc/secrets/x}', '$__file{/etc/secrets/x}'],
  ])('writes %s literally', (_name, value, expected) => {
    expect(iniValueText(value)).toBe(expected);
  });

  test('later layers override keys of the same section and keep the others', () => {
    expect(mergeIni({ a: { x: 1, y: 2 }, b: { z: 3 } }, { a: { y: 20 } })).toEqual({
      a: { x: 1, y: 20 },
      b: { z: 3 },
    });
  });
});
