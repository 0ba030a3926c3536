/// <reference types="node" />
// Issue 18: open a .py file from disk (through the replace-with-undo path, capped at the API's code
// size), download the code as a file; and item 11's memory-limit message, said once. 390×844 and
// 1280×720, light and dark, with axe and screenshots.
import { readFile } from "node:fs/promises";
import { MAX_CODE_BYTES } from "@code-remote/core/execution";
import { describe, expect, test } from "vitest";
import {
  browserSuite,
  byTestId,
  checkScreen,
  screenshot,
  closeClean,
  DESKTOP,
  draftCode,
  forEachScreen,
  isPhone,
  loadDraft,
  openSignedIn,
  reportingFailure,
} from "./support/browser";

const suite = browserSuite();

const FILE_CODE = "# from disk\nfor i in range(3):\n    print('line', i)\n";

describe.sequential("open and download", () => {
  test("on each screen: Open .py loads a file with an undo, a file too big is refused, Download code saves it", async () => {
    const { context, page, watch } = await openSignedIn(suite.env, DESKTOP);
    await forEachScreen(page, (_screen, label) =>
      reportingFailure(page, `files-${label}`, watch, async () => {
        const before = "print('unsaved work')\n";
        await loadDraft(page, { code: before, stdin: "kept input" });
        await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });

        // The button opens the system's file chooser; the file arrives through the same replace as an example.
        const chooser = page.waitForEvent("filechooser");
        await byTestId(page, "open-file").click();
        await (await chooser).setFiles({
          name: "loops.py",
          mimeType: "text/x-python",
          buffer: Buffer.from(FILE_CODE.replace(/\n/g, "\r\n")),
        });
        await expect.poll(() => draftCode(page)).toBe(FILE_CODE);
        // The draft is saved as the store changes; React draws the file's name a task later.
        await expect.poll(() => byTestId(page, "file-name").textContent()).toBe("loops.py");
        await expect
          .poll(() =>
            page
              .locator(".monaco-editor .view-lines")
              .innerText()
              .then((text) => text.replace(/\u00a0/g, " ")),
          )
          .toContain("# from disk");
        // Only the code came from the file: the input stays.
        await byTestId(page, "tab-stdin").click();
        expect(await byTestId(page, "stdin").inputValue()).toBe("kept input");
        await byTestId(page, "undo-toast").waitFor();
        expect(await byTestId(page, "undo-toast").innerText()).toContain(
          "Loaded loops.py; your previous code was replaced.",
        );
        await screenshot(page, `open-file-${label}`);

        // Download code: the file's own name, the editor's exact text.
        const downloading = page.waitForEvent("download");
        await byTestId(page, "download-code").click();
        const download = await downloading;
        expect(download.suggestedFilename()).toBe("loops.py");
        expect(await readFile(await download.path(), "utf8")).toBe(FILE_CODE);

        // The unsaved work is one click away.
        await byTestId(page, "undo-replace").click();
        await expect.poll(() => draftCode(page)).toBe(before);
        await expect.poll(() => byTestId(page, "file-name").textContent()).toBe("main.py");
        const again = page.waitForEvent("download");
        await byTestId(page, "download-code").click();
        const second = await again;
        expect(second.suggestedFilename()).toBe("main.py");
        expect(await readFile(await second.path(), "utf8")).toBe(before);

        // Over the API's limit: said, and nothing replaced.
        await byTestId(page, "open-file-input").setInputFiles({
          name: "huge.py",
          mimeType: "text/x-python",
          buffer: Buffer.alloc(MAX_CODE_BYTES + 1, "#"),
        });
        await expect.poll(() => byTestId(page, "file-message").innerText()).toContain("at most 64 KB");
        expect(await byTestId(page, "file-message").innerText()).toContain("Nothing was opened");
        expect(await draftCode(page)).toBe(before);
        await checkScreen(page, `open-file-too-big-${label}`);
      }),
    );
    await closeClean(context, watch);
  });
});

describe.sequential("memory limit", () => {
  test("a program over the memory limit says so once, on each screen", async () => {
    const { context, page, watch } = await openSignedIn(suite.env, DESKTOP);
    await reportingFailure(page, "memory", watch, async () => {
      await loadDraft(page, { code: "x = bytearray(10**9)\nprint(len(x))\n" });
      await page.locator(".monaco-editor .view-lines").waitFor({ timeout: 20_000 });
      await byTestId(page, "run").click();
      await page.locator('[data-testid="job-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
    });
    await forEachScreen(page, (screen, label) =>
      reportingFailure(page, `memory-${label}`, watch, async () => {
        await expect
          .poll(() => byTestId(page, "headline-title").innerText())
          .toBe("Memory limit: used more than 256 MB");
        const output = await byTestId(page, "output-panel").innerText();
        expect(output.match(/memory limit/gi)).toHaveLength(1);
        expect(output.match(/256 MB/g)).toHaveLength(1);
        expect(output).not.toContain("MemoryError");
        await checkScreen(page, `memory-limit-${label}`, { fullPage: isPhone(screen) });
      }),
    );
    await closeClean(context, watch);
  });
});
