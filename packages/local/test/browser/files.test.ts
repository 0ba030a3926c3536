/// <reference types="node" />
// Issue 18: open a .py file from disk (through the replace-with-undo path, capped at the API's code
// size), download the code as a file; and item 11's memory-limit message, said once. 390×844 and
// 1280×720, light and dark, with axe and screenshots.
import { readFile } from "node:fs/promises";
import { MAX_CODE_BYTES } from "@code-remote/core/execution";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type BrowserStack,
  byTestId,
  closeClean,
  draftCode,
  loadDraft,
  openSignedIn,
  reportingFailure,
  type Screen,
  screenLabel,
  SCREENS,
  screenshot,
  seriousA11yViolations,
  type Stack,
  startBrowserStack,
} from "./support/browser";

let env: BrowserStack;
let stack: Stack;

beforeAll(async () => {
  env = await startBrowserStack();
  stack = env.stack;
});

afterAll(async () => {
  await env?.stop();
});

const label = screenLabel;

const open = (screen: Screen, user = stack.auth.demoUser) => openSignedIn(env, screen, user);

const id = byTestId;

const done = closeClean;

async function expectNoSeriousViolations(page: Page, what: string) {
  expect(await seriousA11yViolations(page), `axe on ${what}`).toEqual([]);
}

const FILE_CODE = "# from disk\nfor i in range(3):\n    print('line', i)\n";

describe.sequential("open and download", () => {
  for (const screen of SCREENS) {
    test(`${label(screen)}: Open .py loads a file with an undo, a file too big is refused, Download code saves it`, async () => {
      const { context, page, watch } = await open(screen);
      await reportingFailure(page, `files-${label(screen)}`, watch, async () => {
        const before = "print('unsaved work')\n";
        await loadDraft(page, { code: before, stdin: "kept input" });
        await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });

        // The button opens the system's file chooser; the file arrives through the same replace as an example.
        const chooser = page.waitForEvent("filechooser");
        await id(page, "open-file").click();
        await (await chooser).setFiles({
          name: "loops.py",
          mimeType: "text/x-python",
          buffer: Buffer.from(FILE_CODE.replace(/\n/g, "\r\n")),
        });
        await expect.poll(() => draftCode(page)).toBe(FILE_CODE);
        expect(await id(page, "file-name").textContent()).toBe("loops.py");
        await expect
          .poll(() =>
            page
              .locator(".monaco-editor .view-lines")
              .innerText()
              .then((text) => text.replace(/\u00a0/g, " ")),
          )
          .toContain("# from disk");
        // Only the code came from the file: the input stays.
        await id(page, "tab-stdin").click();
        expect(await id(page, "stdin").inputValue()).toBe("kept input");
        await id(page, "undo-toast").waitFor();
        expect(await id(page, "undo-toast").innerText()).toContain("Loaded loops.py; your previous code was replaced.");
        await expectNoSeriousViolations(page, `opened ${label(screen)}`);
        await screenshot(page, `open-file-${label(screen)}`);

        // Download code: the file's own name, the editor's exact text.
        const downloading = page.waitForEvent("download");
        await id(page, "download-code").click();
        const download = await downloading;
        expect(download.suggestedFilename()).toBe("loops.py");
        expect(await readFile(await download.path(), "utf8")).toBe(FILE_CODE);

        // The unsaved work is one click away.
        await id(page, "undo-replace").click();
        await expect.poll(() => draftCode(page)).toBe(before);
        expect(await id(page, "file-name").textContent()).toBe("main.py");
        const again = page.waitForEvent("download");
        await id(page, "download-code").click();
        const second = await again;
        expect(second.suggestedFilename()).toBe("main.py");
        expect(await readFile(await second.path(), "utf8")).toBe(before);

        // Over the API's limit: said, and nothing replaced.
        await id(page, "open-file-input").setInputFiles({
          name: "huge.py",
          mimeType: "text/x-python",
          buffer: Buffer.alloc(MAX_CODE_BYTES + 1, "#"),
        });
        await expect.poll(() => id(page, "file-message").innerText()).toContain("at most 64 KB");
        expect(await id(page, "file-message").innerText()).toContain("Nothing was opened");
        expect(await draftCode(page)).toBe(before);
        await expectNoSeriousViolations(page, `file too big ${label(screen)}`);
        await screenshot(page, `open-file-too-big-${label(screen)}`);
      });
      await done(context, watch);
    });
  }
});

describe.sequential("memory limit", () => {
  for (const screen of SCREENS) {
    test(`${label(screen)}: a program over the memory limit says so once`, async () => {
      const { context, page, watch } = await open(screen);
      await reportingFailure(page, `memory-${label(screen)}`, watch, async () => {
        await loadDraft(page, { code: "x = bytearray(10**9)\nprint(len(x))\n" });
        await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
        await id(page, "run").click();
        await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
        await expect.poll(() => id(page, "headline-title").innerText()).toBe("Memory limit: used more than 256 MB");
        const output = await id(page, "output-panel").innerText();
        expect(output.match(/memory limit/gi)).toHaveLength(1);
        expect(output.match(/256 MB/g)).toHaveLength(1);
        expect(output).not.toContain("MemoryError");
        await expectNoSeriousViolations(page, `memory limit ${label(screen)}`);
        await screenshot(page, `memory-limit-${label(screen)}`, { fullPage: screen.width < 600 });
      });
      await done(context, watch);
    });
  }
});
