import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CRD_FILES,
  CRDS_OPERATOR_VERSION,
  crdJsonFile,
  DEFAULT_CRDS_BASE_URL,
} from '@mixstack/component-prometheus';

/** The file that marks a directory as written by `mixstack crds pull` (it is no .yaml, so builds ignore it). */
export const CRDS_MARKER = '.mixstack-crds';

export { CrdDownloadError, type CrdProblem, type CrdProblemCode } from './crds-error.js';

import { CrdDownloadError, type CrdProblem, type CrdProblemCode } from './crds-error.js';

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
  /** Where the files came from: the base URL of a pull, or the folder of `--from`. */
  baseUrl: string;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const TOTAL = CRD_FILES.length;
const RELEASE = `prometheus-operator v${CRDS_OPERATOR_VERSION}`;

/** The ways out when the network fails: a mirror, or files copied from another machine. */
const OFFLINE_HINT = `without access to it, point --base-url URL at a mirror that holds the ${TOTAL} files, or copy the CRD files (a crds/ folder pulled on another machine) here and check them with \`mixstack crds pull --from DIR\`, which verifies the same SHA-256 sums and writes them like a pull`;

/** One file's failure, before files failing for the same cause are grouped. */
interface Failure {
  file: string;
  code: CrdProblemCode;
  /** What went wrong, the same text for every file that failed for the same cause. */
  cause: string;
  address: string;
  hint: string;
}

/** The errors a failed fetch carries: the error, its causes, and the errors of an AggregateError. */
function errorChain(error: unknown): { code?: string; name?: string; message?: string }[] {
  const chain: { code?: string; name?: string; message?: string }[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 5 || typeof value !== 'object' || value === null) return;
    chain.push(value as { code?: string });
    visit((value as { cause?: unknown }).cause, depth + 1);
    for (const inner of (value as { errors?: unknown[] }).errors ?? []) visit(inner, depth + 1);
  };
  visit(error, 0);
  return chain;
}

/** A fetch that threw, as what it means: no DNS, nothing listening, no answer in time, or another network error. */
function networkFailure(error: unknown, url: string, file: string, timeoutMs: number): Failure {
  const { host, origin } = new URL(url);
  const chain = errorChain(error);
  const codes = chain.map((entry) => entry.code).filter((code): code is string => typeof code === 'string');
  const failure = (code: CrdProblemCode, cause: string): Failure => ({
    file,
    code,
    cause,
    address: origin,
    hint: OFFLINE_HINT,
  });
  const hostname = new URL(url).hostname;
  if (codes.includes('ENOTFOUND'))
    return failure(
      'CRD_DNS',
      `cannot resolve the host ${hostname} (ENOTFOUND): DNS has no address for it — this machine is offline (no DNS) or the host name is wrong`,
    );
  if (codes.includes('EAI_AGAIN'))
    return failure(
      'CRD_DNS',
      `cannot resolve the host ${hostname} (EAI_AGAIN): the DNS lookup failed for now — this machine is offline or its DNS server does not answer`,
    );
  if (codes.includes('ECONNREFUSED'))
    return failure(
      'CRD_CONNECTION_REFUSED',
      `${host} refused the connection (ECONNREFUSED): nothing listens at that host and port`,
    );
  const timedOut =
    chain.some((entry) => entry.name === 'TimeoutError') ||
    codes.some((code) => code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT');
  if (timedOut)
    return failure(
      'CRD_TIMEOUT',
      `${origin} did not answer within ${timeoutMs / 1000} s (timeout): the network or the server is too slow or drops the connection`,
    );
  const code = codes.find((entry) => /^E[A-Z_]+$|^UND_ERR/.test(entry));
  const detail = chain.at(-1)?.message ?? (error instanceof Error ? error.message : String(error));
  return failure(
    'CRD_NETWORK',
    `cannot download from ${origin}: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`,
  );
}

/** Bytes whose checksum is checked, as text; or why they are refused. */
function verified(
  file: string,
  expected: string,
  bytes: Uint8Array,
  from: string,
): { file: string; text: string } | Failure {
  const actual = sha256(bytes);
  if (actual !== expected) {
    return {
      file,
      code: 'CRD_CHECKSUM',
      cause: `${file}: SHA-256 ${actual}, expected ${expected} (from ${from}): it is not the file of ${RELEASE} as released (another version, a changed mirror or copy, or a damaged transfer)`,
      address: from,
      hint: `use the files of ${RELEASE} exactly as released: a mirror (--base-url) or a copy (--from) must hold them unchanged`,
    };
  }
  try {
    return { file, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      file,
      code: 'CRD_NOT_UTF8',
      cause: `${file}: not UTF-8 text (from ${from})`,
      address: from,
      hint: `use the files of ${RELEASE} exactly as released`,
    };
  }
}

/** The files, or a CrdDownloadError with one problem per cause (files failing alike are one problem). */
function collect(results: readonly ({ file: string; text: string } | Failure)[], source: string): PulledCrds {
  const failures = results.filter((result): result is Failure => 'code' in result);
  if (failures.length > 0) {
    const groups = new Map<string, Failure[]>();
    for (const failure of failures) {
      const key = `${failure.code}\0${failure.cause}`;
      groups.set(key, [...(groups.get(key) ?? []), failure]);
    }
    const problems: CrdProblem[] = [...groups.values()].map((group) => {
      const [first] = group as [Failure, ...Failure[]];
      const files =
        first.code === 'CRD_CHECKSUM' || first.code === 'CRD_NOT_UTF8'
          ? ''
          : group.length === TOTAL
            ? ` (all ${TOTAL} CRD files)`
            : ` (${group.map((failure) => failure.file).join(', ')})`;
      return {
        code: first.code,
        message: `${first.cause}${files}`,
        address: first.address,
        hint: first.hint,
      };
    });
    throw new CrdDownloadError(
      `${failures.length} of ${TOTAL} CRD files of ${RELEASE} failed; nothing was written:\n${problems.map((p) => `  ${p.message}`).join('\n')}`,
      problems,
    );
  }
  return {
    files: new Map(results.map((result) => [result.file, (result as { text: string }).text])),
    version: CRDS_OPERATOR_VERSION,
    baseUrl: source,
  };
}

/**
 * Downloads the CRD files of the prometheus-operator release the component deploys and checks
 * each against the SHA-256 the component ships. Any failure (no DNS, connection refused, timeout,
 * HTTP status, one wrong checksum) throws a CrdDownloadError with a problem per cause; nothing
 * is returned then, so nothing can be written.
 */
export async function pullCrds(options: PullCrdsOptions = {}): Promise<PulledCrds> {
  const baseUrl = (options.baseUrl ?? DEFAULT_CRDS_BASE_URL).replace(/\/+$/, '');
  const fetchFile = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const results = await Promise.all(
    CRD_FILES.map(async ({ file, sha256: expected }): Promise<{ file: string; text: string } | Failure> => {
      const url = `${baseUrl}/${file}`;
      let bytes: Uint8Array;
      try {
        const response = await fetchFile(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
        if (!response.ok) {
          await response.body?.cancel().catch(() => {});
          const status = `HTTP ${response.status} ${response.statusText}`.trim();
          return {
            file,
            code: 'CRD_HTTP',
            cause: `${new URL(url).origin} answered ${status} for ${baseUrl}/<file>`,
            address: baseUrl,
            hint:
              response.status >= 500
                ? `the server failed: try again later, or ${OFFLINE_HINT}`
                : `--base-url must be the folder that holds the ${TOTAL} CRD files of ${RELEASE} (as ${DEFAULT_CRDS_BASE_URL} does)`,
          };
        }
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        return networkFailure(error, url, file, timeoutMs);
      }
      return verified(file, expected, bytes, url);
    }),
  );
  return collect(results, baseUrl);
}

/**
 * The CRD files copied into `directory`, each checked against the SHA-256 sums the component
 * ships: a crds/ folder pulled on another machine (the JSON form of each file, see
 * `crdJsonFile`), or the release's own `.yaml` files (a mirror). Throws a CrdDownloadError
 * naming every missing or changed file.
 */
export function readCrds(directory: string): PulledCrds {
  const results = CRD_FILES.map((entry): { file: string; text: string } | Failure => {
    // A folder written by `crds pull` holds the JSON forms; a copy of the release, its files.
    const pulled = existsSync(join(directory, entry.jsonFile));
    const file = pulled ? entry.jsonFile : entry.file;
    const expected = pulled ? entry.jsonSha256 : entry.sha256;
    const path = join(directory, file);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      return {
        file,
        code: 'CRD_MISSING',
        cause: `CRD files missing from ${directory} (${code})`,
        address: directory,
        hint: `copy all ${TOTAL} CRD files of ${RELEASE} into ${directory} (from a crds/ folder pulled with \`mixstack crds pull\` on a machine with network access)`,
      };
    }
    return verified(file, expected, bytes, path);
  });
  return collect(results, resolve(directory));
}

/**
 * The files `crds pull` writes: the JSON form of each release file (`crdJsonFile`: the same
 * object, which a build reads with Node's native JSON parser, several times faster than YAML),
 * or the file as it is when it already is that form (`--from` a pulled folder). Every input
 * was verified against its SHA-256 first.
 */
export function asPulledFiles(pulled: PulledCrds): Map<string, string> {
  const files = new Map<string, string>();
  for (const [file, text] of pulled.files) {
    const written = file.endsWith('.json') ? { file, text } : crdJsonFile(file, text);
    files.set(written.file, written.text);
  }
  return files;
}
