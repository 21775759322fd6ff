// Finishes a page nbconvert exported with offline.html.j2, as the script export finishes its own:
// Result files named in text outputs become links, and the charts become interactive, with vega,
// vega-lite and vega-embed inlined once. Usage: node finish-page.mjs PAGE.html NOTEBOOK.ipynb
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { finishNotebookPage, writeFileAtomic } from "parlab/internal";

const [page, notebook] = process.argv.slice(2);
if (!page || !notebook) {
  process.stderr.write("finish-page.mjs: give the exported page and its notebook: finish-page.mjs PAGE.html NOTEBOOK.ipynb\n");
  process.exit(2);
}
let html;
try {
  html = fs.readFileSync(page, "utf8");
} catch (error) {
  process.stderr.write(`finish-page.mjs: cannot read the page ${page} (${error.message}); give a page nbconvert wrote\n`);
  process.exit(2);
}
writeFileAtomic(page, finishNotebookPage(html, path.dirname(path.resolve(page)), notebook));
