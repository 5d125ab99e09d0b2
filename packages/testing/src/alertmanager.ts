import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, startProcess, waitFor } from './processes.js';

/** Runs `amtool check-config` on a configuration (and the files it references, written beside it). */
export function amtoolCheckConfig(configYaml: string, files: Readonly<Record<string, string>> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mixstack-amtool-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    writeFileSync(join(dir, 'alertmanager.yaml'), configYaml);
    const result = spawnSync('amtool', ['check-config', 'alertmanager.yaml'], { cwd: dir, encoding: 'utf8' });
    if (result.error)
      throw new Error(
        `amtool could not run (${result.error.message}); npm test installs it (Debian package "prometheus-alertmanager")`,
      );
    return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface AlertmanagerServer {
  readonly url: string;
  /** The folder the configuration was written to; files given to `startAlertmanager` are relative to it. */
  readonly dir: string;
  /** Posts alerts to `/api/v2/alerts`. */
  postAlerts(alerts: readonly Record<string, unknown>[]): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's Alertmanager (`prometheus-alertmanager`) on a free loopback port, clustering
 * off, with the configuration and the files it references (secret files, templates), written
 * into a temporary folder which is the working directory. Always `stop()` it.
 */
export async function startAlertmanager(
  configYaml: string,
  files: Readonly<Record<string, string>> = {},
): Promise<AlertmanagerServer> {
  const dir = mkdtempSync(join(tmpdir(), 'mixstack-alertmanager-'));
  for (const [path, content] of Object.entries(files)) {
    const target = path.startsWith('/') ? path : join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  writeFileSync(join(dir, 'alertmanager.yaml'), configYaml);
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const started = startProcess(
    'prometheus-alertmanager',
    [
      `--config.file=${join(dir, 'alertmanager.yaml')}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      '--cluster.listen-address=',
    ],
    { cwd: dir },
  );
  const url = `http://${address}`;
  const stop = async () => {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`Alertmanager on ${address}`, async () =>
      (await fetch(`${url}/-/ready`)).ok ? true : undefined,
    );
  } catch (error) {
    const output = started.output();
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    url,
    dir,
    async postAlerts(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts),
      });
      if (!response.ok) throw new Error(`posting alerts failed: ${response.status} ${await response.text()}`);
    },
    output: () => started.output(),
    stop,
  };
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: readonly ReceivedRequest[];
  /** Waits until a request satisfying `match` arrived, and returns it. */
  waitForRequest(match: (request: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>;
  stop(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records every request and answers 200 (stands in for Slack). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      requests.push({ path: request.url ?? '/', headers: request.headers, body, json });
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    waitForRequest: (match, timeoutMs = 30_000) =>
      waitFor('a webhook request', () => requests.find(match), { timeoutMs, intervalMs: 100 }),
    stop: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
