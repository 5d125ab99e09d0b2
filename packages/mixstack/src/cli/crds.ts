import { createHash } from 'node:crypto';
import { CRD_FILES, CRDS_OPERATOR_VERSION, DEFAULT_CRDS_BASE_URL } from '@mixstack/component-prometheus';

/** The file that marks a directory as written by `mixstack crds pull` (it is no .yaml, so builds ignore it). */
export const CRDS_MARKER = '.mixstack-crds';

export { CrdDownloadError } from './crds-error.js';

import { CrdDownloadError } from './crds-error.js';

export interface PullCrdsOptions {
  /** Where the files are: `<baseUrl>/<file>`. @default upstream's release tag on raw.githubusercontent.com */
  baseUrl?: string;
  /** The fetch to use (tests point it anywhere). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Per-file timeout. @default 60000 */
  timeoutMs?: number;
}

export interface PulledCrds {
  /** File name → content, exactly the bytes the checksums cover. */
  files: Map<string, string>;
  version: string;
  baseUrl: string;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Downloads the CRD files of the prometheus-operator release the component deploys and checks
 * each against the SHA-256 the component ships. Any failure (network, HTTP status, one wrong
 * checksum) throws a CrdDownloadError naming every bad file; nothing is returned then, so
 * nothing can be written.
 */
export async function pullCrds(options: PullCrdsOptions = {}): Promise<PulledCrds> {
  const baseUrl = (options.baseUrl ?? DEFAULT_CRDS_BASE_URL).replace(/\/+$/, '');
  const fetchFile = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const results = await Promise.all(
    CRD_FILES.map(async ({ file, sha256: expected }) => {
      const url = `${baseUrl}/${file}`;
      let response: Response;
      try {
        response = await fetchFile(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      } catch (error) {
        return { file, problem: `${url}: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (!response.ok)
        return { file, problem: `${url}: HTTP ${response.status} ${response.statusText}`.trim() };
      const bytes = new Uint8Array(await response.arrayBuffer());
      const actual = sha256(bytes);
      if (actual !== expected) {
        return { file, problem: `${file}: SHA-256 ${actual}, expected ${expected} (from ${url})` };
      }
      try {
        return { file, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
      } catch {
        return { file, problem: `${file}: not UTF-8 text (from ${url})` };
      }
    }),
  );
  const problems = results.flatMap((result) => ('problem' in result ? [result.problem!] : []));
  if (problems.length > 0) {
    throw new CrdDownloadError(
      `${problems.length} of ${CRD_FILES.length} CRD files of prometheus-operator v${CRDS_OPERATOR_VERSION} were refused; nothing was written:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
  return {
    files: new Map(results.map((result) => [result.file, (result as { text: string }).text])),
    version: CRDS_OPERATOR_VERSION,
    baseUrl,
  };
}
