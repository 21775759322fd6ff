/**
 * The script of a page with interactive charts: vega, vega-lite and vega-embed (which bundles
 * vega-tooltip) read from the installed packages' browser builds, followed by the few lines that
 * draw each chart of the page. A page inlines this script once, whatever its number of charts, so
 * it works offline and loads nothing.
 * @module
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** The browser builds inlined, in load order: vega-lite and vega-embed expect `vega` as a global. */
const BUILDS = [
  { name: "vega", file: "vega.min.js" },
  { name: "vega-lite", file: "vega-lite.min.js" },
  { name: "vega-embed", file: "vega-embed.min.js" },
] as const;

/**
 * Draws each chart of the page in place of its static SVG. A chart whose spec fails to parse or
 * draw keeps its SVG and says why on the console as a warning; printing shows the SVG (see the
 * page's print styles). `ast: true` evaluates vega expressions with vega-embed's interpreter, so
 * the page's content security policy needs no `unsafe-eval`.
 */
const BOOT = `
(function () {
  "use strict";
  var figures = document.querySelectorAll("figure.parlab-chart");
  Array.prototype.forEach.call(figures, function (figure) {
    var source = figure.querySelector("script.parlab-chart-spec");
    var view = figure.querySelector(".chart-view");
    if (!source || !view) return;
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (error) {
      console.warn("parlab: a chart's spec does not parse; its static image stays", error);
      return;
    }
    vegaEmbed(view, spec, { renderer: "svg", actions: false, ast: true, tooltip: { theme: "light" } })
      .then(function () { figure.classList.add("interactive"); })
      .catch(function (error) { console.warn("parlab: a chart could not be drawn; its static image stays", error); });
  });
})();
`;

let cached: { text: string; hash: string } | undefined;

/** The directory of a package's browser builds, found from its main entry (the packages export no `build/*` subpaths). */
function buildDir(name: string): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(name));
}

/**
 * The page script (the three libraries, then the drawing code) and its SHA-256 as a content
 * security policy source (`'sha256-…'`). Read once per process.
 *
 * @throws {Error} when a library build is missing, or holds text that would end a script element early.
 */
export function chartScript(): { text: string; hash: string } {
  if (cached) return cached;
  const parts = BUILDS.map(({ name, file }) => {
    const full = path.join(buildDir(name), file);
    const text = fs.readFileSync(full, "utf8");
    // Inside a script element, "</script" ends it and "<!--" changes how the parser reads it.
    if (/<\/script|<!--/i.test(text)) throw new Error(`${full} holds "</script" or "<!--" and cannot be inlined`);
    return `/* ${name} */\n${text}`;
  });
  const text = `${parts.join("\n;\n")}\n;${BOOT}`;
  cached = { text, hash: `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'` };
  return cached;
}
