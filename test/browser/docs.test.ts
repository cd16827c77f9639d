/**
 * The docs page in a real browser against the local stack: the testing forms distribute the
 * sample mediapackage, the async form polls its job to the end, the read forms find both, and
 * the page fits a phone. Debian's Chromium (scripts/ensure-chromium.sh installs it) is driven
 * by playwright-core; Playwright's own browser downloads do not work on this network.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_MEDIAPACKAGE_ID, SAMPLE_SOURCE_KEY } from '../../lib/docs/sample.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium's own connections are refused on a closed
// network and it stalls; the rest keep a throwaway headless profile quiet.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A failure guard for the worker and the page's polling, not a claim about speed. */
const JOB_DEADLINE_MS = 60_000;

// Not real media: the service copies bytes, it never decodes them.
const SOURCE_BYTES = Buffer.from('not really a QuickTime movie, but the bytes travel the same way\n');

let t: TestStack;
let profile: string;
let browser: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  t = await startTestStack();
  await t.putWorkspaceObject(SAMPLE_SOURCE_KEY, SOURCE_BYTES, 'video/quicktime');
  profile = await mkdtemp(path.join(tmpdir(), 'docs-chromium-'));
  // A persistent context on a fresh directory is Playwright's spelling of `--user-data-dir`.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  watch(page);
  await mkdir(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** CSP violations, failed requests and script errors surface here; the page must run without any. */
function watch(tab: Page): void {
  tab.setDefaultTimeout(20_000);
  tab.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  tab.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
}

/** The section documenting `METHOD path`, found the way a reader finds it. */
function routeSection(endpoint: string, tab = page): Locator {
  return tab.locator('article.route').filter({ has: tab.locator('.endpoint', { hasText: new RegExp(`^\\s*${escapeRegExp(endpoint)}\\s*$`) }) });
}

async function revealForm(endpoint: string, tab = page): Promise<Locator> {
  const section = routeSection(endpoint, tab);
  const form = section.locator('form');
  await expect(form.isVisible()).resolves.toBe(false);
  await section.getByText('Testing form (click to reveal)').click();
  await form.waitFor({ state: 'visible' });
  return form;
}

/** Submits and waits for the status line to show an HTTP status, which it returns with the body. */
async function submit(form: Locator): Promise<{ status: number; line: string; body: string }> {
  await form.locator('button[type="submit"]').click();
  const status = form.locator('.result .status');
  await status.locator('strong.code').waitFor();
  const line = (await status.textContent()) ?? '';
  return { status: Number(/^\s*(\d{3})/.exec(line)?.[1]), line, body: (await form.locator('.result pre').textContent()) ?? '' };
}

/** Where the contract puts a distributed file: `{base}/{organization}/{channel}/{mediapackage}/{element}/{file}`. */
const publicUrl = (elementId: string, fileName: string) =>
  [t.env.DISTRIBUTION_BASE_URL, t.env.ORGANIZATION ?? 'mh_default_org', 'engage-player', SAMPLE_MEDIAPACKAGE_ID, elementId, fileName].join('/');

describe('GET /docs in Chromium', () => {
  it('serves the page with a Content-Security-Policy', async () => {
    const response = await page.goto(`${t.url}/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
    await expect(page.locator('#base-url').textContent()).resolves.toBe(t.url);
  });

  it('distributes the sample with the synchronous form', async () => {
    const form = await revealForm('POST /distributesync');
    await form.getByLabel('Bearer token').fill(t.token);
    const result = await submit(form);
    expect(result.status, `${result.line}\n${result.body}`).toBe(200);
    expect(result.body).toContain(`<url>${publicUrl('track-1', SAMPLE_SOURCE_KEY)}</url>`);
    // The URL the page shows serves what the workspace held.
    const served = await fetch(publicUrl('track-1', SAMPLE_SOURCE_KEY));
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(SOURCE_BYTES);
  });

  it('remembers the token for the other forms', async () => {
    const form = await revealForm('POST /');
    await expect(form.getByLabel('Bearer token').inputValue()).resolves.toBe(t.token);
  });

  it('queues a job with the asynchronous form and polls it until it is FINISHED', async () => {
    const form = routeSection('POST /').locator('form');
    await form.getByLabel('elementId').fill('catalog-1');
    await t.putWorkspaceObject('dublincore.xml', '<dublincore/>', 'text/xml');
    const result = await submit(form);
    expect(result.status, `${result.line}\n${result.body}`).toBe(200);
    expect(result.body).toMatch(/<job [^>]*status="QUEUED"/);
    const job = form.locator('.job');
    await job.waitFor({ state: 'visible' });
    const jobId = (await job.locator('.job-id').textContent()) ?? '';
    expect(jobId).toMatch(/^\d+$/);

    await job.getByLabel(/Auto-poll/).check();
    await job.locator('.job-status').filter({ hasText: /^(FINISHED|FAILED)/ }).waitFor({ timeout: JOB_DEADLINE_MS });
    const status = await job.locator('.job-status').textContent();
    expect(status, (await form.locator('.result pre').textContent()) ?? '').toBe('FINISHED');
    expect(await job.locator('.job-payload').textContent()).toContain(`<url>${publicUrl('catalog-1', 'dublincore.xml')}</url>`);

    // The job form finds the same job.
    const jobForm = await revealForm('GET /jobs/{id}.json');
    await jobForm.getByLabel('Path').selectOption('/jobs/{id}.json');
    await jobForm.getByLabel(/^id\b/).fill(jobId);
    const polled = await submit(jobForm);
    expect(polled.status, polled.body).toBe(200);
    expect(JSON.parse(polled.body).job).toMatchObject({ id: Number(jobId), status: 'FINISHED' });
  });

  it('lists what is distributed with the read form, through a mediapackage id with a slash', async () => {
    const form = await revealForm('GET /distributions/{channelId}/{mediapackageId+}');
    await expect(form.getByLabel('mediapackageId').inputValue()).resolves.toBe(SAMPLE_MEDIAPACKAGE_ID);
    await form.getByLabel('Accept').selectOption('application/json');
    const result = await submit(form);
    expect(result.status, result.body).toBe(200);
    expect(result.body).toContain(publicUrl('track-1', SAMPLE_SOURCE_KEY));
  });

  it('fits a laptop and a phone', async () => {
    // From the top, where the sticky table of contents belongs in a full-page picture.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'docs.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    // Measured with the forms open and their answers shown: the widest the page gets.
    const [scrollWidth, innerWidth] = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as number[];
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth!);
    await page.screenshot({ path: path.join(ARTIFACTS, 'docs-phone.png'), fullPage: true });
  });

  it('calls the stage it was loaded from when served under a stage path', async () => {
    const stage = await startStageProxy('/prod');
    // A tab of its own, so the main page keeps its answers for the screenshots.
    const tab = await browser.newPage();
    watch(tab);
    try {
      await tab.goto(`${stage.url}/prod/docs`);
      await expect(tab.locator('#base-url').textContent()).resolves.toBe(`${stage.url}/prod`);
      const form = await revealForm('GET /distributions/{channelId}/{mediapackageId+}', tab);
      await form.getByLabel('Bearer token').fill(t.token);
      const result = await submit(form);
      expect(result.status, result.body).toBe(200);
      expect(stage.seen).toContain(`GET /prod/distributions/engage-player/${SAMPLE_MEDIAPACKAGE_ID}`);
    } finally {
      await tab.close();
      await stage.close();
    }
  });

  it('ran without script errors or blocked resources', () => {
    expect(problems).toEqual([]);
  });
});

/**
 * API Gateway's stage path in miniature: answers `/prod/...` by forwarding `...` to the stack,
 * so the page is served from a path that is not the root.
 */
async function startStageProxy(prefix: string): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const target = new URL(t.url);
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (!req.url?.startsWith(`${prefix}/`)) return void res.writeHead(404).end();
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url.slice(prefix.length), headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => {
      // The browser keeps its connections alive; close() alone would wait for them.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
