#!/usr/bin/env node
// Browser test of a page written by `frontline map` (run by tests/map.rs).
//
//   node tests/web/map.test.js MAP.html [--screenshot OUT.png [--popup CLAIM_ID]]
//
// Opens the page from disk (file://) in Debian's Chromium through playwright-core, with every
// non-file request blocked and recorded, and checks: the page runs with no script errors and asks
// for nothing online; one marker per claim; moving the slider changes the count; play steps to
// the last day; the actor and certainty filters hide markers; a marker's popup shows the evidence
// as text (the literal `<img` and `<script>` of the fixture) and nothing in it runs
// (window.__xss stays undefined). Prints one "ok"/"not ok" line per check; exits 1 on a failure.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.FRONTLINE_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];

function parseArgs(argv) {
  const out = { page: null, screenshot: null, popup: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--screenshot') out.screenshot = argv[++i];
    else if (argv[i] === '--popup') out.popup = argv[++i];
    else if (!out.page) out.page = argv[i];
  }
  return out;
}

let failures = 0;
function check(name, ok, detail) {
  if (ok) {
    console.log('ok - ' + name);
  } else {
    failures += 1;
    console.log('not ok - ' + name + (detail !== undefined ? ': ' + detail : ''));
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.page) {
    console.error('usage: node map.test.js MAP.html [--screenshot OUT.png [--popup CLAIM_ID]]');
    process.exit(2);
  }
  const pagePath = path.resolve(opts.page);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 860 },
    timeout: 60000
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    const online = [];
    const errors = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      online.push(url);
      return route.abort();
    });
    page.on('pageerror', (e) => errors.push('pageerror: ' + e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push('console: ' + m.text());
    });
    page.on('dialog', (d) => { errors.push('dialog: ' + d.message()); d.dismiss(); });

    await page.goto(pathToFileURL(pagePath).href, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });

    const data = await page.evaluate(
      () => JSON.parse(document.getElementById('frontline-data').textContent));
    const total = data.claims.length;
    const dates = data.dates;
    const count = () => page.locator('path.fl-claim').count();
    const day = () => page.locator('.fl-date').textContent();

    check('page has claims and several dates', total > 0 && dates.length > 1,
      total + ' claims, ' + dates.length + ' dates');
    check('one marker per claim on the last day', (await count()) === total,
      (await count()) + ' of ' + total);
    check('the Iraq–Syria border is drawn', (await page.locator('path.fl-border').count()) >= 1);
    const relative = data.claims.filter((c) => c.properties.relation &&
      c.properties.relation !== 'at' && c.properties.precision_km > 0).length;
    check('precision circles for relative locations',
      (await page.locator('path.fl-precision').count()) === relative, 'expected ' + relative);
    check('state of control rings', (await page.locator('path.fl-state').count()) ===
      data.states[dates[dates.length - 1]].length);
    const zonesLast = (data.zones[dates[dates.length - 1]] || []).length;
    check('zones of control', zonesLast > 0 &&
      (await page.locator('path.fl-zone').count()) === zonesLast, 'expected ' + zonesLast);

    // the slider
    await page.locator('#fl-slider').fill('0');
    const first = data.claims.filter((c) => c.properties.day === null ||
      c.properties.day <= dates[0]).length;
    const atFirst = await count();
    check('slider to the first day shows fewer markers', atFirst === first && atFirst < total,
      atFirst + ' markers, expected ' + first);
    check('the date label follows the slider', (await day()) === dates[0], await day());
    check('state rings follow the slider',
      (await page.locator('path.fl-state').count()) === data.states[dates[0]].length);
    check('zones follow the slider', (await page.locator('path.fl-zone').count()) ===
      (data.zones[dates[0]] || []).length);
    await page.locator('#fl-slider').fill(String(dates.length - 1));
    check('slider back to the last day shows all markers', (await count()) === total);

    // play from the first day to the last
    await page.locator('#fl-slider').fill('0');
    await page.locator('#fl-play').click();
    await page.waitForFunction((last) => document.querySelector('.fl-date').textContent === last,
      dates[dates.length - 1], { timeout: 3000 + 1200 * dates.length });
    check('play steps to the last day', (await count()) === total);

    // filters
    const actors = [...new Set(data.claims.map((c) => c.properties.actor))].sort();
    const actor = actors[0];
    const byActor = data.claims.filter((c) => c.properties.actor === actor).length;
    const actorBox = page.locator('label.fl-actor[data-actor="' + actor + '"] input');
    await actorBox.uncheck();
    check('actor filter hides that actor\'s markers', (await count()) === total - byActor,
      actor + ': ' + (await count()));
    await actorBox.check();
    const denied = data.claims.filter((c) => c.properties.certainty === 'denied').length;
    const certBox = page.locator('label.fl-certainty[data-certainty="denied"] input');
    await certBox.uncheck();
    check('certainty filter hides denied claims', (await count()) === total - denied);
    await certBox.check();
    check('filters back on show all markers', (await count()) === total);

    // the popup of the claim whose evidence carries markup
    const xss = data.claims.find((c) => /<img|<script/i.test(c.properties.evidence || ''));
    check('the page holds a claim with markup in its evidence', !!xss);
    if (xss) {
      const marker = page.locator('path.fl-claim[data-claim-id="' + xss.id + '"]');
      await page.locator('#fl-fit').click();
      await marker.click();
      const popup = page.locator('.leaflet-popup-content .fl-popup');
      await popup.waitFor({ timeout: 5000 });
      const text = await popup.innerText();
      check('popup shows the literal <img text', text.includes('<img src=x onerror='), text);
      check('popup shows the literal <script> text',
        text.includes('<script>window.__xss=2</script>'));
      check('popup shows place, actor, certainty, source and article',
        [xss.properties.place_name, 'pmf', xss.properties.certainty, xss.properties.source,
          xss.properties.article_id, xss.properties.claim_type].every((s) => text.includes(s)),
        text);
      check('no element was made from the evidence',
        (await page.locator('.leaflet-popup-content img, .leaflet-popup-content script, ' +
          '.leaflet-popup-content b').count()) === 0);
    }
    // the other markup-bearing evidence too (a </script> and <b> in it)
    const other = data.claims.find((c) => (c.properties.evidence || '').includes('</script>') &&
      c !== xss);
    if (other) {
      await page.keyboard.press('Escape');
      await page.locator('#fl-fit').click();
      await page.locator('path.fl-claim[data-claim-id="' + other.id + '"]').click();
      // the old popup fades out for 200 ms
      await page.waitForFunction(() =>
        document.querySelectorAll('.leaflet-popup-content .fl-popup').length === 1);
      const text = await page.locator('.leaflet-popup-content .fl-popup').innerText();
      check('a </script> in evidence stays text', text.includes('</script> <b>bold</b>'), text);
    }
    // claims at one point: the top marker's popup lists the others drawn under it
    const key = (c) => c.geometry.coordinates.map((x) => x.toFixed(5)).join(',');
    const stacked = data.claims.filter((c) =>
      data.claims.filter((o) => key(o) === key(c)).length > 1);
    if (stacked.length) {
      const top = stacked.filter((c) => key(c) === key(stacked[0])).pop();
      await page.keyboard.press('Escape');
      await page.locator('#fl-fit').click();
      await page.locator('path.fl-claim[data-claim-id="' + top.id + '"]').click();
      await page.waitForFunction(() =>
        document.querySelectorAll('.leaflet-popup-content .fl-popup').length === 1);
      const others = stacked.filter((c) => key(c) === key(top) && c !== top).length;
      const listed = await page.locator('.leaflet-popup-content .fl-stacked').count();
      check('a popup lists the other claims at its point', listed === others,
        listed + ' of ' + others);
    }
    await page.waitForTimeout(300);
    check('window.__xss is undefined',
      (await page.evaluate(() => typeof window.__xss)) === 'undefined');
    check('the page asked for nothing online', online.length === 0, online.join(', '));
    check('no script errors', errors.length === 0, errors.join(' | '));

    if (opts.screenshot) {
      await page.keyboard.press('Escape');
      await page.locator('#fl-slider').fill(String(dates.length - 1));
      await page.locator('#fl-fit').click();
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      if (opts.popup) {
        await page.locator('path.fl-claim[data-claim-id="' + opts.popup + '"]').click();
        await page.mouse.move(0, 0);
        await page.waitForTimeout(500);
      }
      await page.screenshot({ path: opts.screenshot });
      console.log('# screenshot: ' + opts.screenshot);
    }
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(failures === 0 ? '# all checks passed' : '# ' + failures + ' check(s) failed');
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.log('not ok - test crashed: ' + (e && e.stack ? e.stack : e));
  process.exit(1);
});
