import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CRD_FILES, CRDS_OPERATOR_VERSION, crdJsonFile } from '@mixstack/component-prometheus';
import { sharedDir } from '@mixstack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { CRDS_MARKER, CrdDownloadError, type CrdProblem, pullCrds } from './crds.js';
import { OWNERSHIP_MARKER, ownershipRecord } from './write-dir.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const _repoRoot = resolve(packageDir, '../..');
const cli = join(packageDir, 'dist/cli.js');
const crdDir = join(sharedDir, 'reference/crds', `prometheus-operator-v${CRDS_OPERATOR_VERSION}`);
const hasShared = existsSync(crdDir);
const SKIP = `skipped: ${crdDir} is absent (the shared reference folder is not next to the repository; set MIXSTACK_SHARED to its path)`;

const CORRUPTED = 'monitoring.coreos.com_probes.yaml';

let server: Server;
let base: string;
let work: string;
const requests: string[] = [];

/** Serves the shared CRD files under /good/, the same with one file altered under /corrupt/, and 404s. */
function content(path: string): Buffer | undefined {
  const match = /^\/(good|corrupt|missing)\/([\w.]+)$/.exec(path);
  if (!match) return undefined;
  const [, variant, file] = match;
  if (variant === 'missing' && file === CORRUPTED) return undefined;
  if (!hasShared) return Buffer.from(`not the CRD ${file}\n`);
  const path_ = join(crdDir, file!);
  if (!existsSync(path_)) return undefined;
  const bytes = readFileSync(path_);
  return variant === 'corrupt' && file === CORRUPTED
    ? Buffer.concat([bytes, Buffer.from('# tampered\n')])
    : bytes;
}

/** No colours (nx sets FORCE_COLOR, which makes Node warn about NO_COLOR on stderr). */
function childEnv(): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, ...env } = process.env;
  return { ...env, NO_COLOR: '1' };
}

/** Runs the built CLI without blocking this process (the server answers from here). */
function mixstack(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: work,
      env: childEnv(),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    // A server that accepts the request and never answers (the timeout case).
    if (request.url?.startsWith('/hang/')) return;
    const status = /^\/status(\d{3})\//.exec(request.url ?? '');
    if (status) {
      response.writeHead(Number(status[1])).end('no');
      return;
    }
    const body = content(request.url ?? '');
    if (!body) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/yaml' }).end(body);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // crds pull and the default stack need no module of the user, so no node_modules here.
  work = mkdtempSync(join(tmpdir(), 'mixstack-crds-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((closed) => server.close(() => closed()));
  if (work) rmSync(work, { recursive: true, force: true });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('pullCrds', () => {
  test('refuses a corrupted file, naming it and both checksums, and returns nothing', async () => {
    const error = await pullCrds({ baseUrl: `${base}/corrupt` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrdDownloadError);
    const message = (error as Error).message;
    expect(message).toContain('nothing was written');
    expect(message).toContain(CORRUPTED);
    expect(message).toContain(CRD_FILES.find((entry) => entry.file === CORRUPTED)!.sha256);
    expect(message).toMatch(
      new RegExp(`${CORRUPTED.replaceAll('.', '\\.')}: SHA-256 [0-9a-f]{64}, expected`),
    );
  });

  test('refuses a missing file with its HTTP status', async () => {
    const error = await pullCrds({ baseUrl: `${base}/missing` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrdDownloadError);
    expect((error as Error).message).toContain(
      `${base} answered HTTP 404 Not Found for ${base}/missing/<file> (${CORRUPTED})`,
    );
  });

  test('refuses a server that cannot be reached', async () => {
    const error = await pullCrds({ baseUrl: 'http://127.0.0.1:9/x', timeoutMs: 5000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CrdDownloadError);
    expect((error as Error).message).toContain('10 of 10 CRD files');
  });

  test('uses the injected fetch and the base URL, one request per file', async () => {
    const urls: string[] = [];
    const fake = (async (url: string | URL | Request) => {
      urls.push(String(url));
      return new Response('nope', { status: 200 });
    }) as typeof fetch;
    await expect(pullCrds({ baseUrl: 'https://mirror.example.com/crds/', fetch: fake })).rejects.toThrow(
      CrdDownloadError,
    );
    expect(urls.sort()).toEqual(
      CRD_FILES.map((entry) => `https://mirror.example.com/crds/${entry.file}`).sort(),
    );
  });

  const downloads = 'downloads the ten files, each with the checksum the component ships';
  if (!hasShared) test.skip(`${downloads}: ${SKIP}`, () => {});
  else
    test(downloads, async () => {
      const pulled = await pullCrds({ baseUrl: `${base}/good` });
      expect([...pulled.files.keys()].sort()).toEqual(CRD_FILES.map((entry) => entry.file).sort());
      for (const { file, sha256: expected } of CRD_FILES)
        expect(sha256(pulled.files.get(file)!)).toBe(expected);
      expect(pulled.version).toBe(CRDS_OPERATOR_VERSION);
    });
});

/** A port on 127.0.0.1 where nothing listens: bound, then closed again. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((ready) => probe.listen(0, '127.0.0.1', ready));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((closed) => probe.close(() => closed()));
  return port;
}

/** The problems of a refused pull. */
async function pullProblems(options: Parameters<typeof pullCrds>[0]): Promise<CrdProblem[]> {
  const error = await pullCrds(options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CrdDownloadError);
  expect((error as Error).message).toContain('nothing was written');
  return [...(error as CrdDownloadError).problems];
}

describe('pullCrds: each cause of a failure is its own problem', () => {
  const messages: Record<string, string> = {};

  test('a host that does not resolve (DNS): CRD_DNS, naming the host, with the ways out', async () => {
    const problems = await pullProblems({ baseUrl: 'http://crds.mixstack.invalid/x', timeoutMs: 10_000 });
    expect(problems).toHaveLength(1);
    const [problem] = problems as [CrdProblem];
    expect(problem.code).toBe('CRD_DNS');
    expect(problem.message).toMatch(
      /^cannot resolve the host crds\.mixstack\.invalid \((ENOTFOUND|EAI_AGAIN)\)/,
    );
    expect(problem.message).toContain('offline');
    expect(problem.message).toContain('(all 10 CRD files)');
    expect(problem.hint).toContain('--base-url URL');
    expect(problem.hint).toContain('mixstack crds pull --from DIR');
    messages.dns = problem.message;
  });

  test('a port with nothing listening: CRD_CONNECTION_REFUSED', async () => {
    const port = await closedPort();
    const problems = await pullProblems({ baseUrl: `http://127.0.0.1:${port}/x`, timeoutMs: 10_000 });
    expect(problems.map((p) => p.code)).toEqual(['CRD_CONNECTION_REFUSED']);
    expect(problems[0]!.message).toBe(
      `127.0.0.1:${port} refused the connection (ECONNREFUSED): nothing listens at that host and port (all 10 CRD files)`,
    );
    expect(problems[0]!.hint).toContain('--base-url URL');
    messages.refused = problems[0]!.message;
  });

  test('a server that never answers: CRD_TIMEOUT after the timeout given', async () => {
    const started = performance.now();
    const problems = await pullProblems({ baseUrl: `${base}/hang`, timeoutMs: 300 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(problems.map((p) => p.code)).toEqual(['CRD_TIMEOUT']);
    expect(problems[0]!.message).toContain(`${base} did not answer within 0.3 s (timeout)`);
    expect(problems[0]!.hint).toContain('--from DIR');
    messages.timeout = problems[0]!.message;
  });

  test.each([
    [404, 'HTTP 404 Not Found', '--base-url must be the folder that holds the 10 CRD files'],
    [500, 'HTTP 500 Internal Server Error', 'the server failed: try again later'],
  ])('an HTTP %i: CRD_HTTP with the status', async (status, text, hint) => {
    const problems = await pullProblems({ baseUrl: `${base}/status${status}` });
    expect(problems.map((p) => p.code)).toEqual(['CRD_HTTP']);
    expect(problems[0]!.message).toBe(
      `${base} answered ${text} for ${base}/status${status}/<file> (all 10 CRD files)`,
    );
    expect(problems[0]!.hint).toContain(hint);
    messages[`http${status}`] = problems[0]!.message;
  });

  test('a checksum mismatch: CRD_CHECKSUM for that file only, with both sums', async () => {
    const problems = await pullProblems({ baseUrl: `${base}/corrupt` });
    const checksum = problems.filter((p) => p.code === 'CRD_CHECKSUM');
    expect(checksum.map((p) => p.address)).toContain(`${base}/corrupt/${CORRUPTED}`);
    const problem = checksum.find((p) => p.address === `${base}/corrupt/${CORRUPTED}`)!;
    expect(problem.message).toContain(CRD_FILES.find((entry) => entry.file === CORRUPTED)!.sha256);
    expect(problem.message).toContain('it is not the file of prometheus-operator v0.93.0 as released');
    expect(problem.hint).toContain('unchanged');
    messages.checksum = problem.message;
  });

  test('the messages of the causes differ from each other', () => {
    expect(Object.keys(messages).sort()).toEqual([
      'checksum',
      'dns',
      'http404',
      'http500',
      'refused',
      'timeout',
    ]);
    expect(new Set(Object.values(messages)).size).toBe(6);
  });
});

describe('mixstack crds pull', () => {
  test('a refused download writes nothing and keeps an existing folder as it was', async () => {
    mkdirSync(join(work, 'kept'));
    writeFileSync(join(work, 'kept', CRDS_MARKER), 'old\n');
    writeFileSync(join(work, 'kept', 'old.yaml'), 'old: true\n');
    const { code, stderr, stdout } = await mixstack([
      'crds',
      'pull',
      '-o',
      'kept',
      '--base-url',
      `${base}/corrupt`,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('mixstack crds pull:');
    expect(stderr).toContain(CORRUPTED);
    expect(readdirSync(join(work, 'kept')).sort()).toEqual([CRDS_MARKER, 'old.yaml']);
    const fresh = await mixstack(['crds', 'pull', '-o', 'fresh', '--base-url', `${base}/corrupt`]);
    expect(fresh.code).toBe(1);
    expect(existsSync(join(work, 'fresh'))).toBe(false);
    expect(readdirSync(work).filter((name) => name.includes('mixstack-new'))).toEqual([]);
  });

  test('--json: a failure is { ok: false, command, problems: [{ code, message, hint }] }', async () => {
    const { code, stdout } = await mixstack([
      'crds',
      'pull',
      '-o',
      'json-dns',
      '--base-url',
      'http://crds.mixstack.invalid/x',
      '--json',
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toEqual({
      ok: false,
      command: 'crds pull',
      problems: [
        {
          code: 'CRD_DNS',
          message: expect.stringContaining('cannot resolve the host crds.mixstack.invalid'),
          address: 'http://crds.mixstack.invalid',
          hint: expect.stringContaining('--from DIR'),
        },
      ],
    });
    expect(existsSync(join(work, 'json-dns'))).toBe(false);
  });

  test('text: a refused connection says so, and how to get the files without network', async () => {
    const port = await closedPort();
    const { code, stderr } = await mixstack([
      'crds',
      'pull',
      '-o',
      'refused',
      '--base-url',
      `http://127.0.0.1:${port}`,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'mixstack crds pull: 10 of 10 CRD files of prometheus-operator v0.93.0 failed; nothing was written',
    );
    expect(stderr).toContain(
      `error [CRD_CONNECTION_REFUSED] in http://127.0.0.1:${port}: 127.0.0.1:${port} refused the connection (ECONNREFUSED)`,
    );
    expect(stderr).toContain('fix: without access to it, point --base-url URL at a mirror');
    expect(stderr).not.toContain('refused;');
  });

  test('--from DIR: missing and changed files are refused, nothing is written', async () => {
    mkdirSync(join(work, 'copied-bad'));
    for (const { file } of CRD_FILES.slice(0, 3))
      writeFileSync(join(work, 'copied-bad', file), `not ${file}\n`);
    const { code, stdout } = await mixstack([
      'crds',
      'pull',
      '--from',
      'copied-bad',
      '-o',
      'from-bad',
      '--json',
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.command).toBe('crds pull');
    const codes = report.problems.map((p: CrdProblem) => p.code);
    expect(codes.filter((c: string) => c === 'CRD_CHECKSUM')).toHaveLength(3);
    expect(codes.filter((c: string) => c === 'CRD_MISSING')).toHaveLength(1);
    const missing = report.problems.find((p: CrdProblem) => p.code === 'CRD_MISSING');
    expect(missing.message).toMatch(
      /^CRD files missing from copied-bad \(ENOENT\) \(monitoring\.coreos\.com_/,
    );
    expect(existsSync(join(work, 'from-bad'))).toBe(false);
  });

  test.each([
    [['crds', 'pull', '--from', 'x', '--base-url', 'http://x'], '--from and --base-url exclude each other'],
    [['build', '--from', 'x'], '--from only goes with crds pull'],
  ])('usage error: %j', async (args, message) => {
    const { code, stderr } = await mixstack(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test.each([
    [['crds'], 'missing crds command'],
    [['crds', 'push'], 'unknown crds command "push"'],
    [['crds', 'pull', '--base-url', 'ftp://x'], '--base-url takes an http(s) URL'],
    [['build', '--base-url', 'http://x'], '--base-url only goes with crds pull'],
    [['crds', 'pull', '--crds', 'x'], 'crds pull reads no inputs'],
  ])('usage error: %j', async (args, message) => {
    const { code, stderr } = await mixstack(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  if (hasShared) {
    /** What a pull writes for a release file: its JSON form, whose SHA-256 the component ships. */
    const pulledForm = (file: string) => crdJsonFile(file, readFileSync(join(crdDir, file), 'utf8'));

    test('writes the verified files as JSON, and a build with --crds renders them into setup/ without the notice', async () => {
      const pull = await mixstack(['crds', 'pull', '-o', 'crds', '--base-url', `${base}/good`]);
      expect(pull.stderr).toBe('');
      expect(pull.code).toBe(0);
      expect(pull.stdout).toContain(
        '10 CRD files of prometheus-operator v0.93.0, checksums verified, written as JSON',
      );
      for (const { file, jsonFile, jsonSha256 } of CRD_FILES) {
        const written = readFileSync(join(work, 'crds', jsonFile), 'utf8');
        expect(written).toBe(pulledForm(file).text);
        expect(sha256(written)).toBe(jsonSha256);
        expect(JSON.parse(written)).toEqual(parse(readFileSync(join(crdDir, file), 'utf8')));
      }
      expect(readdirSync(join(work, 'crds')).sort()).toEqual(
        [CRDS_MARKER, OWNERSHIP_MARKER, ...CRD_FILES.map((entry) => entry.jsonFile)].sort(),
      );
      // Offline: the folder copied to another machine, checked and written by --from.
      const copy = await mixstack(['crds', 'pull', '--from', 'crds', '-o', 'copied', '--json']);
      expect(copy.code).toBe(0);
      expect(JSON.parse(copy.stdout)).toMatchObject({
        ok: true,
        command: 'crds pull',
        source: join(work, 'crds'),
      });
      for (const { file, jsonFile } of CRD_FILES)
        expect(readFileSync(join(work, 'copied', jsonFile), 'utf8')).toBe(pulledForm(file).text);
      // A changed JSON file in a copied folder is refused like a changed release file.
      mkdirSync(join(work, 'copied-changed'));
      for (const { jsonFile } of CRD_FILES)
        writeFileSync(join(work, 'copied-changed', jsonFile), readFileSync(join(work, 'crds', jsonFile)));
      const probes = join(work, 'copied-changed', 'monitoring.coreos.com_probes.json');
      writeFileSync(probes, readFileSync(probes, 'utf8').replace('"Probe"', '"Probes"'));
      const changed = await mixstack(['crds', 'pull', '--from', 'copied-changed', '-o', 'never', '--json']);
      expect(changed.code).toBe(1);
      expect(JSON.parse(changed.stdout).problems).toEqual([
        expect.objectContaining({
          code: 'CRD_CHECKSUM',
          message: expect.stringContaining('monitoring.coreos.com_probes.json: SHA-256'),
        }),
      ]);
      expect(existsSync(join(work, 'never'))).toBe(false);
      // Pulling again replaces the folder it wrote.
      expect((await mixstack(['crds', 'pull', '-o', 'crds', '--base-url', `${base}/good`])).code).toBe(0);

      const build = await mixstack(['build', '--crds', 'crds', '-o', 'manifests']);
      expect(build.stderr).toBe('');
      expect(build.code).toBe(0);
      expect(build.stdout).not.toContain('prometheus-operator CRDs are not in setup/');
      const setup = readdirSync(join(work, 'manifests/setup')).filter((f) =>
        f.includes('CustomResourceDefinition'),
      );
      expect(setup).toHaveLength(10);
    });

    test('--from a copy of the release files writes their JSON forms; a folder an older pull filled with the .yaml files is replaced by them', async () => {
      // What a pull of mixstack before the JSON form wrote: the release files and its record.
      mkdirSync(join(work, 'old-crds'));
      for (const { file } of CRD_FILES)
        writeFileSync(join(work, 'old-crds', file), readFileSync(join(crdDir, file)));
      writeFileSync(join(work, 'old-crds', CRDS_MARKER), 'Written by `mixstack crds pull`.\n');
      writeFileSync(
        join(work, 'old-crds', OWNERSHIP_MARKER),
        ownershipRecord('crds pull', [CRDS_MARKER, ...CRD_FILES.map((entry) => entry.file)]),
      );
      // It still builds as it is (the .yaml files are read as YAML).
      expect((await mixstack(['build', '--crds', 'old-crds', '-o', 'from-old'])).code).toBe(0);
      // Pulled again from the release files (a mirror, here the shared folder).
      const again = await mixstack(['crds', 'pull', '--from', crdDir, '-o', 'old-crds']);
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(readdirSync(join(work, 'old-crds')).sort()).toEqual(
        [CRDS_MARKER, OWNERSHIP_MARKER, ...CRD_FILES.map((entry) => entry.jsonFile)].sort(),
      );
      const build = await mixstack(['build', '--crds', 'old-crds', '-o', 'from-json', '--json']);
      expect(build.code).toBe(0);
      expect(JSON.parse(build.stdout).summary.byComponent.prometheusOperator.CustomResourceDefinition).toBe(
        10,
      );
      // Each CRD is written into setup/ as the pulled file, byte for byte (JSON is YAML).
      const setupFile = join(
        work,
        'from-json/setup/prometheusOperator-prometheusCustomResourceDefinition.yaml',
      );
      expect(readFileSync(setupFile, 'utf8')).toBe(
        readFileSync(join(work, 'old-crds', 'monitoring.coreos.com_prometheuses.json'), 'utf8'),
      );
      expect(parse(readFileSync(setupFile, 'utf8'))).toEqual(
        parse(
          readFileSync(
            join(work, 'from-old/setup/prometheusOperator-prometheusCustomResourceDefinition.yaml'),
            'utf8',
          ),
        ),
      );
    });

    test('a build of the default stack with --crds pointing at the shared folder', async () => {
      const build = await mixstack(['build', '--crds', crdDir, '-o', 'from-shared', '--json']);
      expect(build.code).toBe(0);
      const report = JSON.parse(build.stdout);
      expect(report.summary.byComponent.prometheusOperator.CustomResourceDefinition).toBe(10);
      expect(report.summary.notices.map((n: { id: string }) => n.id)).not.toContain('missing-input:crds');
      expect(
        readFileSync(
          join(work, 'from-shared/setup/prometheusOperator-prometheusCustomResourceDefinition.yaml'),
          'utf8',
        ),
      ).toContain('operator.prometheus.io/version: 0.93.0');
    });
  } else {
    test.skip(`the download and build with the shared CRD files: ${SKIP}`, () => {});
  }

  test('without CRDs, the build summary says what to run first', async () => {
    const build = await mixstack(['build', '-o', 'no-crds']);
    expect(build.code).toBe(0);
    expect(build.stdout).toContain(
      'warning: the prometheus-operator CRDs are not in setup/: run `npx mixstack crds pull -o crds/`',
    );
  });

  test('the server saw only requests for CRD files', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(
      requests.every((url) =>
        /^\/(good|corrupt|missing|hang|status\d{3})\/monitoring\.coreos\.com_[a-z]+\.yaml$/.test(url),
      ),
    ).toBe(true);
  });
});
