/**
 * Web app benchmark (not a test): the production bundle's gzip sizes, what the sign-in page loads,
 * and time to interactive in headless Debian chromium on loopback, against the local stack.
 *   - sign-in TTI: navigation start → the Email field is on screen and accepts typing (config
 *     fetched, Amplify configured, React rendered); cold cache, a new browser context per run.
 *   - editor TTI: the Sign in click → Monaco's lines are on screen (the lazy editor chunk, the
 *     session, the history request, the WebSocket).
 * Run: npx tsx bench/web.ts [--runs N] [--no-build]
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { REPO_ROOT } from "../packages/local/src/stack";
import { startTestStack } from "../packages/local/test/support/stack";
import { ms, summary } from "./stats";

process.env.AWS_EC2_METADATA_DISABLED ??= "true";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
const dist = join(REPO_ROOT, "packages/web/dist");

if (!process.argv.includes("--no-build")) {
  const build = spawnSync("npm", ["run", "-s", "build:web"], { cwd: REPO_ROOT, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Sizes of every file the build produced: raw and gzip -9 (what a CDN or a proxy would send).
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const files = new Map<string, { raw: number; gzip: number }>();
for (const dir of ["", "assets"]) {
  for (const name of readdirSync(join(dist, dir))) {
    const path = join(dist, dir, name);
    if (!statSync(path).isFile()) continue;
    const content = readFileSync(path);
    files.set(`/${dir ? `${dir}/` : ""}${name}`, { raw: content.length, gzip: gzipSync(content, { level: 9 }).length });
  }
}
console.log("\nProduction build (packages/web/dist):");
console.log("file".padEnd(44), "raw".padStart(10), "gzip".padStart(10));
for (const [name, size] of [...files].sort((a, b) => b[1].gzip - a[1].gzip)) {
  console.log(name.padEnd(44), kb(size.raw).padStart(10), kb(size.gzip).padStart(10));
}
const total = [...files.values()].reduce((sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip }), {
  raw: 0,
  gzip: 0,
});
console.log("total".padEnd(44), kb(total.raw).padStart(10), kb(total.gzip).padStart(10));

const stack = await startTestStack({ webDist: dist });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
});

try {
  const signInTti: number[] = [];
  const editorTti: number[] = [];
  const domLoaded: number[] = [];
  const configLoaded: number[] = [];
  let signInFiles: string[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(stack.urls.web, { waitUntil: "commit" });
    const email = page.getByLabel("Email");
    await email.waitFor();
    // Interactive: typing lands in the field (React has hydrated the form and handles events).
    await email.fill("x");
    signInTti.push(await page.evaluate(() => performance.now()));
    // A string: the root tsconfig has no DOM types; this runs in the page.
    const nav = await page.evaluate<{ dcl: number; configEnd: number }>(`(() => {
      const entry = performance.getEntriesByType("navigation")[0];
      const config = performance.getEntriesByName(new URL("/config.json", location.href).href)[0];
      return { dcl: entry.domContentLoadedEventEnd, configEnd: config ? config.responseEnd : 0 };
    })()`);
    domLoaded.push(nav.dcl);
    configLoaded.push(nav.configEnd);
    if (run === 0) signInFiles = requested.filter((path) => files.has(path) || path === "/");

    await email.fill(stack.auth.demoUser.username);
    await page.getByLabel("Password").fill(stack.auth.demoUser.password);
    const clicked = await page.evaluate(() => performance.now());
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 30_000 });
    editorTti.push((await page.evaluate(() => performance.now())) - clicked);
    await context.close();
  }

  const initial = signInFiles
    .map((path) => files.get(path === "/" ? "/index.html" : path))
    .filter((s) => s !== undefined);
  const initialGzip = initial.reduce((sum, s) => sum + s.gzip, 0);
  console.log(`\nSign-in page initial load: ${signInFiles.join(", ")}`);
  console.log(
    `  ${initial.length} files, ${kb(initialGzip)} gzip (${kb(initial.reduce((sum, s) => sum + s.raw, 0))} raw)`,
  );
  const a = summary(signInTti);
  const b = summary(editorTti);
  console.log(`\nTime to interactive, headless chromium on loopback, ${RUNS} cold runs (median / mean):`);
  console.log(`  DOMContentLoaded (entry script parsed and run)   ${ms(summary(domLoaded).median)}`);
  console.log(`  /config.json answered                            ${ms(summary(configLoaded).median)}`);
  console.log(`  sign-in form interactive (typing lands)          ${ms(a.median)} / ${ms(a.mean)}`);
  console.log(`  editor on screen after the Sign in click         ${ms(b.median)} / ${ms(b.mean)}`);
  console.log(
    `(machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")})`,
  );
} finally {
  await browser.close();
  await stack.stop();
}
