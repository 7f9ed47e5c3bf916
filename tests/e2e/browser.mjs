// browser.mjs — what the browser tests (scenario.test.mjs, groups.test.mjs) share: one Chromium
// page at tablet size (768x1024) that records page errors and CSP refusals; steps that build on
// each other (after one fails the rest are skipped, and a screenshot of the failure is kept);
// the check of a screen (no horizontal overflow at 768 nor 1280 px, a full-page screenshot in
// EASEL_E2E_ARTIFACTS, axe-core with no serious or critical violation); and API calls made from
// the page with the signed-in user's cookie and CSRF token.
// Owns: the browser it launches, until close(). Borrows: nothing. Fails: through node:assert, in
// the step that called it.
import { test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const ART = process.env.EASEL_E2E_ARTIFACTS;

// Up to 4,000 px tall: one full-page capture. Taller pages (the plan builder, about 7,000 px):
// headless Chromium here takes minutes over one full-page capture and blocks the DevTools
// connection meanwhile (a timeout does not free it), so the page is captured as consecutive
// 768x1024 viewport parts scrolling down (NAME-part1.png, ...), which together cover it all, up
// to MAX_PARTS (the plan builder: 8 parts; with the version diff open it is some 60,000 px, of
// which the first MAX_PARTS parts are kept).
const MAX_PARTS = 10;

/** A browser run; failureShot names the screenshot taken when a step fails. */
export function browserRun({ failureShot }) {
  const run = {
    browser: undefined,
    page: undefined,
    failed: false,
    problems: [], // page errors and CSP refusals: the client must produce none
    shotTimes: [], // [name, ms, how] of every screenshot
  };

  /** Chromium and its page, at tablet size, each action waiting up to `timeout` ms. */
  run.open = async (timeout) => {
    run.browser = await chromium.launch({ executablePath: process.env.EASEL_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
    const context = await run.browser.newContext({ viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    run.page = page;
    page.setDefaultTimeout(timeout);
    page.on('pageerror', (e) => run.problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) run.problems.push(`CSP: ${m.text()}`);
    });
    return page;
  };

  run.close = async () => {
    if (run.browser) await run.browser.close();
  };

  // the steps build on each other: after one fails, the rest are skipped (the run still fails)
  run.test = (title, fn) => {
    nodeTest(title, async (t) => {
      if (run.failed) {
        t.skip('an earlier step failed');
        return;
      }
      try {
        await fn(t);
      } catch (e) {
        run.failed = true;
        if (run.page && ART) await run.page.screenshot({ path: `${ART}/${failureShot}`, fullPage: true }).catch(() => {});
        throw e;
      }
    });
  };

  run.fullShot = async (shot) => {
    const page = run.page;
    const t0 = Date.now();
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (height <= 4000) {
      await page.screenshot({ path: `${ART}/${shot}.png`, fullPage: true, scale: 'css', animations: 'disabled', timeout: 30000 });
      run.shotTimes.push([shot, Date.now() - t0, `full page, ${height}px`]);
      return;
    }
    const vh = 1024;
    const all = Math.ceil(height / vh);
    const parts = Math.min(all, MAX_PARTS);
    for (let i = 0; i < parts; i++) {
      await page.evaluate((y) => window.scrollTo(0, y), i * vh);
      await page.screenshot({ path: `${ART}/${shot}-part${i + 1}.png`, scale: 'css', animations: 'disabled', timeout: 30000 });
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    run.shotTimes.push([shot, Date.now() - t0, `${parts} of ${all} viewport parts of ${height}px`]);
  };

  /** The screen `name` is shown: its overflow, screenshot (`shot`.png) and axe checks. */
  run.screen = async (name, shot = name) => {
    const page = run.page;
    await page.locator(`main[data-screen="${name}"]`).waitFor();
    await page.waitForLoadState('networkidle');
    // tablet width: nothing may scroll sideways
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 768, `${shot}: the page is ${width}px wide at a 768px viewport`);
    // desktop width too (1280x800), then back to the tablet
    await page.setViewportSize({ width: 1280, height: 800 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.setViewportSize({ width: 768, height: 1024 });
    assert.ok(wide <= 1280, `${shot}: the page is ${wide}px wide at a 1280px viewport`);
    // the whole page at 768 px (the plan builder is several thousand pixels tall)
    await run.fullShot(shot);
    // page.addScriptTag would add an inline <script>, which the client's CSP (rightly) refuses:
    // evaluate the same file through the DevTools protocol instead, which CSP does not govern
    if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
    });
    const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad, [], `${shot}: axe violations\n${JSON.stringify(bad, null, 2)}`);
  };

  run.apiStatus = async (path) => run.page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).status, path);

  run.apiGet = async (path) => run.page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path);

  /** A state-changing API call from the page, with the signed-in user's CSRF token: {status, body}. */
  run.apiSend = async (method, path, body) => run.page.evaluate(async ([m, p, b]) => {
    const me = await (await fetch('/api/v1/me', { credentials: 'same-origin' })).json();
    const headers = { Accept: 'application/json', 'X-CSRF-Token': me.csrf };
    if (b !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(p, { method: m, headers, credentials: 'same-origin', body: b === undefined ? undefined : JSON.stringify(b) });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, [method, path, body]);

  return run;
}
