import type { IniValue } from './config.js';

export type IniSections = Readonly<Record<string, Readonly<Record<string, IniValue>>>>;

/**
 * grafana.ini text: sections and keys sorted, so that the same settings always give the same
 * bytes (and the same checksum). Values that go-ini would cut at an inline comment marker or
 * trim are wrapped in backquotes, which go-ini reads literally.
 */
export function renderIni(sections: IniSections): string {
  const blocks: string[] = [];
  for (const section of Object.keys(sections).sort()) {
    const entries = sections[section]!;
    const keys = Object.keys(entries).sort();
    if (keys.length === 0) continue;
    const lines = keys.map((key) => `${key} = ${iniValueText(entries[key]!)}`);
    blocks.push([`[${section}]`, ...lines].join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}

export function iniValueText(value: IniValue): string {
  if (typeof value !== 'string') return String(value);
  const needsQuotes = /[#;"]/.test(value) || value !== value.trim();
  // go-ini reads a value in backquotes literally (the options reject backquotes inside values).
  return needsQuotes ? `\`${value}\`` : value;
}

/** Merges settings section by section; later sections' keys win. */
export function mergeIni(...layers: readonly IniSections[]): Record<string, Record<string, IniValue>> {
  const out: Record<string, Record<string, IniValue>> = {};
  for (const layer of layers) {
    for (const [section, entries] of Object.entries(layer)) {
      out[section] = { ...(out[section] ?? {}), ...entries };
    }
  }
  return out;
}
