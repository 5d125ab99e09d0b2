// Opens an explain page in a real browser: Debian's headless Chromium, driven by playwright-core
// (which downloads no browser). The page is a file:// URL; every other request is recorded and
// refused, so a page that would reach the network fails its test instead of reaching it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Where the tests write their screenshots (one PNG per scenario): outside the repository, kept
 * after the run so that a person can look at them.
 */
export const SCREENSHOT_DIR = join(tmpdir(), 'mixstack-explain-screenshots');

/** A laptop screen: the page must read well at this size, without scrolling sideways. */
export const LAPTOP_VIEWPORT = { width: 1366, height: 768 };

/**
 * Launches headless Chromium. A missing browser is an error that says how to install it, never
 * a skipped test: a page nobody opened is not a checked page.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `${CHROMIUM_PATH} is missing: the explain page's browser tests need Debian's chromium package. Install it with: node tools/scripts/ensure-debian-tools.mjs`,
    );
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Root in a container has no user namespaces for Chromium's sandbox; the page is our own file.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** What happened while a page was open in the browser. */
export interface PageVisit {
  /** The open page, for the test's own queries. */
  page: Page;
  /** Console messages of type `error` (a broken inline SVG or CSS shows up here). */
  consoleErrors: string[];
  /** Uncaught exceptions of the page's scripts. */
  pageErrors: string[];
  /** Every request other than the page's own file, refused: a self-contained page makes none. */
  requests: string[];
}

/** Opens an HTML file at the laptop viewport and waits until it and everything it asks for has loaded. */
export async function openPage(browser: Browser, file: string): Promise<PageVisit> {
  const own = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: LAPTOP_VIEWPORT, javaScriptEnabled: true });
  const page = await context.newPage();
  const visit: PageVisit = { page, consoleErrors: [], pageErrors: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') visit.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => visit.pageErrors.push(error.message));
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === own) return route.continue();
    visit.requests.push(url);
    return route.abort('blockedbyclient');
  });
  // Requests that bypass routing (e.g. a service worker's) are still seen here.
  page.on('request', (request) => {
    const url = request.url();
    if (url !== own && !visit.requests.includes(url)) visit.requests.push(url);
  });
  await page.goto(own, { waitUntil: 'load' });
  return visit;
}

/** A full-page screenshot of the open page, as `<name>.png` in SCREENSHOT_DIR; returns its path. */
export async function screenshot(page: Page, name: string, directory = SCREENSHOT_DIR): Promise<string> {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The eight bytes every PNG file starts with. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when the file is a PNG image (by its signature). */
export const isPng = (path: string): boolean =>
  existsSync(path) && readFileSync(path).subarray(0, 8).equals(PNG_SIGNATURE);
