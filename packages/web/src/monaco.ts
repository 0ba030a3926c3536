// Monaco from our own bundle, never a CDN: the app must work offline and under a strict CSP.
// Only the editor core, Python and a few everyday editing features are imported; the full
// `monaco-editor` entry would pull every language and the TypeScript worker (~11 MB).
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor/editor/editor.api";
import EditorWorker from "monaco-editor/editor/editor.worker?worker";
import "monaco-editor/languages/definitions/python/register";
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/codicon/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/indentation/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/multicursor/register";
// Ctrl+M: Tab moves focus out of the editor instead of indenting (keyboard users are not trapped).
import "monaco-editor/features/toggleTabFocusMode/register";
import "monaco-editor/features/wordOperations/register";

// Runs once, when the editor chunk loads: before any <Editor> mounts, so @monaco-editor/react
// never falls back to its default CDN loader.
// Python needs no language worker; the generic editor worker computes diffs and links.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
loader.config({ monaco });
