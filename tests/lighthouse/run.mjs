// Lighthouse (and its axe-core accessibility audits) on the public site's key pages, in the
// system Chromium. Fails when a category scores below the bar or axe finds a violation.
//
//   node run.mjs [base URL]            (default: $LIGHTHOUSE_URL or http://127.0.0.1:8000)
//
// Environment: CHROME_PATH (default /usr/bin/chromium), LIGHTHOUSE_MIN_SCORE (default 95),
// LIGHTHOUSE_PAGES (comma-separated paths; default: home, a listing, a topic page, search),
// LIGHTHOUSE_PRESET (mobile — Lighthouse's default throttled phone — or desktop),
// LIGHTHOUSE_RUNS (default 5: each page is measured that many times after a warm-up request and
// the median run counts, as Lighthouse's own documentation advises on a shared machine).
// LIGHTHOUSE_CA (a PEM certificate, e.g. the production stack's throwaway one: Chromium trusts
// its key for this run only). Reports go to ./reports/ (the median run's JSON per page and
// summary.json).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const base = (process.argv[2] || process.env.LIGHTHOUSE_URL || "http://127.0.0.1:8000").replace(/\/$/, "");
const minimum = Number(process.env.LIGHTHOUSE_MIN_SCORE || 95);
const preset = process.env.LIGHTHOUSE_PRESET || "mobile";
const pages = (process.env.LIGHTHOUSE_PAGES || "/,/de-tai/,/de-tai/{topic}/,/tim-kiem/?q=nghien+cuu")
  .split(",")
  .filter(Boolean);
const runs = Number(process.env.LIGHTHOUSE_RUNS || 5);
const categories = ["performance", "accessibility", "best-practices", "seo"];
const reports = path.join(path.dirname(new URL(import.meta.url).pathname), "reports");

// The first topic linked from the listing stands for “a topic page”.
async function resolve(page) {
  if (!page.includes("{topic}")) return page;
  const listing = await (await fetch(base + "/de-tai/")).text();
  const match = listing.match(/href="\/de-tai\/([a-z0-9-]+)\/"/);
  if (!match) throw new Error("No topic page is linked from /de-tai/");
  return page.replace("{topic}", match[1]);
}

// Chromium accepts the server's certificate by the hash of its public key.
function trustFlags() {
  if (!process.env.LIGHTHOUSE_CA) return [];
  const certificate = new crypto.X509Certificate(fs.readFileSync(process.env.LIGHTHOUSE_CA));
  const key = certificate.publicKey.export({ type: "spki", format: "der" });
  return [`--ignore-certificate-errors-spki-list=${crypto.createHash("sha256").update(key).digest("base64")}`];
}

fs.mkdirSync(reports, { recursive: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    ...trustFlags(),
  ],
});
const summary = [];
let failed = false;
try {
  for (const template of pages) {
    const page = await resolve(template);
    await fetch(base + page); // a warm server, as a visitor meets it
    const results = [];
    for (let run = 0; run < runs; run += 1) {
      results.push(
        await lighthouse(
          base + page,
          { port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories },
          preset === "desktop" ? desktopConfig : undefined,
        ),
      );
    }
    const performance = (result) => result.lhr.categories.performance.score;
    results.sort((a, b) => performance(a) - performance(b));
    const result = results[Math.floor(results.length / 2)];
    const lhr = result.lhr;
    fs.writeFileSync(path.join(reports, page.replace(/[^a-z0-9]+/gi, "_") + ".json"), result.report);
    const scores = Object.fromEntries(categories.map((name) => [name, Math.round(lhr.categories[name].score * 100)]));
    // Lighthouse's accessibility audits are axe-core's rules: any failing one is a violation.
    const axe = Object.values(lhr.audits)
      .filter((audit) => lhr.categories.accessibility.auditRefs.some((ref) => ref.id === audit.id))
      .filter((audit) => audit.scoreDisplayMode === "binary" && audit.score === 0)
      .map((audit) => audit.id);
    const below = categories.filter((name) => scores[name] < minimum);
    const failing = Object.values(lhr.audits)
      .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== "informative" && audit.scoreDisplayMode !== "manual")
      .map((audit) => `${audit.id} (${audit.displayValue || audit.score})`);
    summary.push({ page, ...scores, axe_violations: axe, below_the_bar: below, weakest_audits: failing.slice(0, 8) });
    console.log(`${page}  ${categories.map((name) => `${name} ${scores[name]}`).join("  ")}  axe violations ${axe.length}`);
    if (below.length || axe.length) {
      failed = true;
      console.log(`  below ${minimum}: ${below.join(", ") || "—"}; axe: ${axe.join(", ") || "—"}; weakest audits: ${failing.join(", ")}`);
    }
  }
} finally {
  await chrome.kill();
}
fs.writeFileSync(
  path.join(reports, "summary.json"),
  JSON.stringify({ base, preset, runs, minimum, lighthouse: "12.2.3", pages: summary }, null, 2),
);
if (failed) {
  console.error(`Lighthouse: below the bar of ${minimum} or axe violations (reports in ${reports}).`);
  process.exit(1);
}
console.log(`Lighthouse: every category ≥ ${minimum} and no axe violation on ${summary.length} pages.`);
