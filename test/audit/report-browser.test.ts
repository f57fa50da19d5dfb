// The HTML report in a real browser: Debian's chromium driven by playwright-core renders it with no console
// errors and no network requests, and the screenshot shows the charts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { openAuditWriter } from '../../src/audit/audit-writer.ts';
import { syntheticRecords, syntheticSummary } from './fixtures.ts';
import { decodePng } from './png.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let dir: string;
let reportPath: string;

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-report-'));
  const audit = join(dir, 'audit.jsonl');
  const w = await openAuditWriter({ path: audit }, { runId: 'report-run', flowSha256: 'a'.repeat(64) });
  const records = [...syntheticRecords(3000, { runId: 'report-run', seed: 11 })];
  for (let i = 0; i < records.length; i += 500) await w.write(records.slice(i, i + 500));
  await w.close(syntheticSummary('report-run', 3000));
  reportPath = join(dir, 'report.html');
});

describe('HTML report', () => {
  it('is one self-contained file: no script, no external reference, inline SVG charts', async () => {
    const html = await readFile(reportPath, 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).toContain("default-src 'none'");
    // One histogram per type, each with its threshold line; the decision and type charts.
    expect(html.match(/<figure class="hist"><svg/g)?.length).toBe(8);
    expect(html.match(/stroke-dasharray/g)?.length).toBeGreaterThanOrEqual(8);
    expect(html).toContain('Near-misses');
    expect(html).toContain('estimated cost (USD)');
  });

  it('renders in headless chromium without console errors or network requests, and the screenshot is not blank', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is required (installed by .ci/run)`).toBe(true);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1600 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(reportPath).href;
      await page.goto(url, { waitUntil: 'load' });
      expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(10);
      // Charts have real geometry: the decision chart's bars have a width.
      const widths = await page.locator('svg.chart rect').evaluateAll((els) => els.map((e) => (e as unknown as { getBBox(): { width: number } }).getBBox().width));
      expect(widths.filter((w) => w > 5).length).toBeGreaterThanOrEqual(4);
      const png = await page.screenshot({ fullPage: true });
      const shot = join(dir, 'report.png');
      await writeFile(shot, png);
      expect(existsSync(shot)).toBe(true);
      const img = decodePng(png);
      let ink = 0;
      let colored = 0;
      for (let i = 0; i < img.pixels.length; i += 4) {
        const [r, g, b] = [img.pixels[i], img.pixels[i + 1], img.pixels[i + 2]];
        if (r < 235 || g < 235 || b < 235) ink++;
        if (Math.max(r, g, b) - Math.min(r, g, b) > 60) colored++;
      }
      const total = img.width * img.height;
      expect(ink / total).toBeGreaterThan(0.03);
      // The bars (blue/orange/green) are there, not just text.
      expect(colored / total).toBeGreaterThan(0.01);
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await browser.close();
    }
  });
});
