// A local npm registry for the release test: verdaccio on 127.0.0.1, its storage in a temporary
// folder. mixstack's packages live only there (published by the test); every other package is
// proxied from the registry npm is configured with (the npm registry here), so installs from it
// resolve third-party dependencies as a user's would.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { workspaceRoot } from '../scripts/workspace.mjs';

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The registry npm is configured with: the uplink of the local one. */
function upstreamRegistry() {
  const result = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' });
  return result.stdout.trim() || 'https://registry.npmjs.org/';
}

function config(dir, upstream) {
  const own = { access: '$all', publish: '$authenticated', unpublish: '$authenticated' };
  const block = (pattern, rules) =>
    [`  '${pattern}':`, ...Object.entries(rules).map(([key, value]) => `    ${key}: ${value}`)].join('\n');
  return [
    `storage: ${join(dir, 'storage')}`,
    'auth:',
    '  htpasswd:',
    `    file: ${join(dir, 'htpasswd')}`,
    '    max_users: 10',
    'uplinks:',
    '  upstream:',
    `    url: ${upstream}`,
    '    timeout: 60s',
    '    max_fails: 5',
    'packages:',
    block('@mixstack/*', own),
    block('mixstack', own),
    block('**', { access: '$all', proxy: 'upstream' }),
    'log: { type: stdout, format: pretty, level: warn }',
    // Published tarballs of the meta-package and core are a few MB.
    'max_body_size: 100mb',
    '',
  ].join('\n');
}

/**
 * Starts verdaccio and creates a user; resolves with the registry's URL, an auth token and
 * `stop()`. The caller stops it in a `finally`; it is also killed if this process exits.
 */
export async function startRegistry(dir) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, config(dir, upstreamRegistry()));
  const child = spawn(
    join(workspaceRoot, 'node_modules/.bin/verdaccio'),
    ['--config', configFile, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const kill = () => child.exitCode === null && child.kill('SIGKILL');
  process.on('exit', kill);
  const stop = async () => {
    process.off('exit', kill);
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(kill, 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`verdaccio exited (${child.exitCode}):\n${output}`);
      try {
        const response = await fetch(`${url}-/ping`);
        if (response.ok) break;
      } catch {}
      if (Date.now() > deadline)
        throw new Error(`verdaccio did not answer on ${url} within 60 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const response = await fetch(`${url}-/user/org.couchdb.user:release`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'release', password: 'release-test-only' }),
    });
    const body = await response.json();
    if (!response.ok || typeof body.token !== 'string') {
      throw new Error(`verdaccio refused the test user: ${response.status} ${JSON.stringify(body)}`);
    }
    return { url, token: body.token, stop, output: () => output };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The `.npmrc` of a folder that installs from (and publishes to) the local registry. */
export function npmrc({ url, token }) {
  const host = url.replace(/^http:/, '');
  return `registry=${url}\n${host}:_authToken=${token}\naudit=false\nfund=false\nupdate-notifier=false\n`;
}
