#!/usr/bin/env node
// Regenerates docs/explain.png, the README's picture of `mixstack explain`: the built CLI writes
// the default stack's page, and Debian's headless Chromium (the one the browser tests use)
// photographs its first screen at a laptop's size. Run from anywhere in the repository, after
// building the mixstack package (the root script `explain:screenshot` does both).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'packages/mixstack/dist/cli.js');
const output = join(root, 'docs/explain.png');
const CHROMIUM_PATH = '/usr/bin/chromium';
/** The size of the picture: a laptop screen, as the page is designed for. */
const VIEWPORT = { width: 1280, height: 800 };

class Failure extends Error {}
/** Stops with a message; thrown (not process.exit) so that the browser is closed on the way out. */
const fail = (message) => {
  throw new Failure(message);
};

async function main() {
  if (!existsSync(cli))
    fail(
      `${cli} does not exist: build it first (npx nx run mixstack:build), or run npm run explain:screenshot`,
    );
  if (!existsSync(CHROMIUM_PATH))
    fail(
      `${CHROMIUM_PATH} is missing: install Debian's chromium with: node tools/scripts/ensure-debian-tools.mjs`,
    );

  const work = mkdtempSync(join(tmpdir(), 'mixstack-explain-screenshot-'));
  let browser;
  try {
    const page = join(work, 'explain.html');
    const explain = spawnSync(process.execPath, [cli, 'explain', '-o', page], {
      cwd: root,
      encoding: 'utf8',
    });
    if (explain.status !== 0) fail(`mixstack explain failed (exit ${explain.status}):\n${explain.stderr}`);

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const own = pathToFileURL(page).href;
    // The page is self-contained; anything else it asked for would be a bug, and is not fetched.
    const requests = [];
    await context.route('**/*', (route) => {
      if (route.request().url() === own) return route.continue();
      requests.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    const tab = await context.newPage();
    await tab.goto(own, { waitUntil: 'load' });
    if (requests.length > 0) fail(`the page asked for ${requests.join(', ')}; it must load nothing`);
    mkdirSync(dirname(output), { recursive: true });
    await tab.screenshot({ path: output });
    process.stdout.write(`explain-screenshot: wrote ${output} (${VIEWPORT.width}×${VIEWPORT.height})\n`);
  } finally {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`explain-screenshot: ${error instanceof Failure ? error.message : error.stack}\n`);
  process.exitCode = 1;
});
