// Drives Debian's chromium (headless) through the dashboard with playwright-core. Called by
// Tests/EndToEnd/Web/BrowserTests.cs: node dashboard.mjs URL USER PASSWORD EXPECTED_JSON SCREENSHOT
// It prints one line per step reached; after "stopped-on-page" it waits for a line on stdin (the test checks
// `ctl status` meanwhile). Any failure: a message on stderr and exit 1.
import { chromium } from "playwright-core";
import { createInterface } from "node:readline";

const [url, user, password, expectedJson, screenshot] = process.argv.slice(2);
const expected = JSON.parse(expectedJson);
const lines = createInterface({ input: process.stdin });
const nextLine = () => new Promise(resolve => lines.once("line", resolve));
const say = s => process.stdout.write(s + "\n");
const timeout = 15000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
let failed = false;
try {
  const context = await browser.newContext({ httpCredentials: { username: user, password }, viewport: { width: 1100, height: 420 } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const state = name => page.locator(`tr[data-name="${name}"] [data-state]`);
  await page.goto(url);
  for (const [name, s] of Object.entries(expected)) await state(name).filter({ hasText: new RegExp(`^${s}$`) }).waitFor();
  say("all-states-seen");
  if (screenshot) { await page.screenshot({ path: screenshot, fullPage: true }); say("screenshot"); }

  await page.locator('tr[data-name="web"] button[data-act="stop"]').click();
  await state("web").filter({ hasText: /^STOPPED$/ }).waitFor();
  say("stopped-on-page");
  await nextLine();

  await page.locator('tr[data-name="web"] button[data-act="start"]').click();
  await state("web").filter({ hasText: /^RUNNING$/ }).waitFor();
  say("running-on-page");

  await page.locator('tr[data-name="web"] button[data-act="log"]').click();
  await page.locator("#logtext").filter({ hasText: "hello from web" }).waitFor();
  say("log-seen");

  await page.locator("#mainlog").click();
  await page.locator("#logtext").filter({ hasText: "web: STOPPED -> STARTING" }).waitFor();
  say("mainlog-seen");
} catch (e) {
  failed = true;
  process.stderr.write(`browser step failed: ${e.message}\n`);
} finally {
  await browser.close();
  lines.close();
}
process.exit(failed ? 1 : 0);
