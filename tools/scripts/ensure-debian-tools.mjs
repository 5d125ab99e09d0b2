#!/usr/bin/env node
// Tests run the real tools (promtool and Prometheus, node-exporter, amtool and Alertmanager,
// jsonnet, kubectl) and open the explain page in headless Chromium. Install the Debian packages
// that are missing when we can (root with apt), otherwise stop with the exact command to run.
import { spawnSync } from 'node:child_process';

/** Debian package → the binaries of it the tests call. */
const PACKAGES = {
  prometheus: ['prometheus', 'promtool'],
  'prometheus-node-exporter': ['prometheus-node-exporter'],
  'prometheus-alertmanager': ['prometheus-alertmanager', 'amtool'],
  jsonnet: ['jsonnet'],
  awscli: ['aws'],
  // The explain page's browser tests launch Debian's Chromium through playwright-core
  // (never a downloaded browser), at this path.
  chromium: ['/usr/bin/chromium'],
};

// `command -v` also answers for an absolute path when that file is executable.
const has = (binary) => spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;

const missing = Object.entries(PACKAGES)
  .filter(([, binaries]) => binaries.some((binary) => !has(binary)))
  .map(([name]) => name);

if (!has('kubectl')) {
  process.stderr.write(
    'kubectl is missing: the tests run `kubectl kustomize`. Install kubectl (v1.28 or newer) and run the tests again.\n',
  );
  process.exit(1);
}

if (missing.length === 0) process.exit(0);

const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !has('apt-get')) {
  process.stderr.write(
    `The tests need the Debian packages ${missing.join(', ')}. Run:\n\n  sudo sh -c '${command}'\n\n`,
  );
  process.exit(1);
}

process.stdout.write(`installing Debian packages for the tests: ${missing.join(', ')}\n`);
// The packages' maintainer scripts try to start services; policy-rc.d exit 101 tells them not to.
const noServices = `created=; if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created=1; fi`;
const result = spawnSync(
  'sh',
  [
    '-c',
    `${noServices}; ${command}; status=$?; [ -n "$created" ] && rm -f /usr/sbin/policy-rc.d; exit $status`,
  ],
  {
    stdio: 'inherit',
  },
);
if (result.status !== 0) {
  process.stderr.write(`\ninstalling failed; run it yourself:\n\n  ${command}\n\n`);
  process.exit(1);
}
const still = Object.values(PACKAGES)
  .flat()
  .filter((binary) => !has(binary));
if (still.length > 0) {
  process.stderr.write(`still missing after install: ${still.join(', ')}\n`);
  process.exit(1);
}
