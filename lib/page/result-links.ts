/**
 * Links the Result files a notebook names in its text output ("Result in data/results/….json"),
 * so an exported page leads to the data it was computed from. Only paths of files that exist are
 * linked, relative to the page's folder, and only when the page lies inside the project: a link from a
 * page elsewhere would have to spell out the folders above the project, which name this machine.
 * @module
 */
import fs from "node:fs";
import path from "node:path";

// A path ending in .json inside escaped text (no quotes or angle brackets): absolute, ./ or ../, or project-relative.
const JSON_PATH = /(?<![\w./-])((?:\/|\.{1,2}\/)?(?:[\w.@+-]+\/)*[\w.@+-]+\.json)(?![\w/-])/g;
// Text outputs: the script export's <pre class="output text"> and nbconvert's stream outputs.
const TEXT_OUTPUT = /(<pre(?: class="output text")?>)([^<]*)(<\/pre>)/g;

/**
 * The page with every existing `.json` path in its text outputs made a link, relative to `pageDir`.
 * Relative paths are read from `root` (the project's folder, where notebooks show paths from).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { linkResultFiles } from "./result-links.ts";
 *
 * const html = linkResultFiles('<pre class="output text">Result in deno.json</pre>', "reports", ".");
 * assert.equal(html, '<pre class="output text">Result in <a class="result-file" href="../deno.json">deno.json</a></pre>');
 * ```
 */
export function linkResultFiles(html: string, pageDir: string, root: string): string {
  const fromRoot = path.relative(path.resolve(root), path.resolve(pageDir));
  if (fromRoot.startsWith("..") || path.isAbsolute(fromRoot)) return html;
  return html.replace(TEXT_OUTPUT, (_m, open: string, text: string, close: string) =>
    open + text.replace(JSON_PATH, (shown: string) => {
      const file = path.resolve(root, shown);
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return shown;
      const href = path.relative(path.resolve(pageDir), file).split(path.sep).map(encodeURIComponent).join("/");
      return `<a class="result-file" href="${href}">${shown}</a>`;
    }) + close);
}
