// A local npm registry for the release test: verdaccio on 127.0.0.1, its storage in a temporary
// folder. mixstack's packages live only there (published by the test); every other package is
// proxied from the registry npm is configured with (the npm registry here), so installs from it
// resolve third-party dependencies as a user's would.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startProcess, waitFor } from '@mixstack/testing';
import { workspaceRoot } from '../scripts/workspace.mjs';

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
 * `stop()`. The caller stops it in a `finally`; the harness also kills it if this process exits.
 */
export async function startRegistry(dir) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const configFile = join(dir, 'config.yaml');
  writeFileSync(configFile, config(dir, upstreamRegistry()));
  const server = startProcess(join(workspaceRoot, 'node_modules/.bin/verdaccio'), [
    '--config',
    configFile,
    '--listen',
    `127.0.0.1:${port}`,
  ]);
  try {
    await waitFor(
      `verdaccio on ${url}`,
      async () => {
        if (server.child.exitCode !== null) throw new Error(`verdaccio exited:\n${server.output()}`);
        return (await fetch(`${url}-/ping`)).ok || undefined;
      },
      { timeoutMs: 60_000 },
    );
    const response = await fetch(`${url}-/user/org.couchdb.user:release`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'release', password: 'release-test-only' }),
    });
    const body = await response.json();
    if (!response.ok || typeof body.token !== 'string') {
      throw new Error(`verdaccio refused the test user: ${response.status} ${JSON.stringify(body)}`);
    }
    return { url, token: body.token, stop: server.stop, output: server.output };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** The `.npmrc` of a folder that installs from (and publishes to) the local registry. */
export function npmrc({ url, token }) {
  const host = url.replace(/^http:/, '');
  return `registry=${url}\n${host}:_authToken=${token}\naudit=false\nfund=false\nupdate-notifier=false\n`;
}
