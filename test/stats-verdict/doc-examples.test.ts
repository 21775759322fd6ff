/**
 * Every export of the verdict statistics carries a doc comment whose @example runs: this suite pulls
 * each example out of its file, points its relative imports at the library, and runs it as a module.
 * An example that throws (a failed assertion) fails its test.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const statsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "lib", "stats");
const VERDICT_FILES = [
  "amdahl-fit.ts",
  "blocks.ts",
  "_verdict-checks.ts",
  "decide.ts",
  "distributions.ts",
  "family.ts",
  "median-interval.ts",
  "rank-sum-null.ts",
  "rank-sum.ts",
  "ranks.ts",
  "shift-interval.ts",
  "signed-rank.ts",
  "slope.ts",
  "fieller.ts",
];

interface DocBlock {
  name: string;
  kind: string;
  example: string | null;
}

/** Each exported declaration with the JSDoc right above it, and that JSDoc's @example code. */
function exportsWithDocs(source: string): DocBlock[] {
  const out: DocBlock[] = [];
  const re = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)?\s*\nexport (?:async )?(function|const|class|interface|type) (\w+)/g;
  for (const match of source.matchAll(re)) {
    const doc = match[1];
    const kind = match[2]!;
    const name = match[3]!;
    let example: string | null = null;
    if (doc) {
      const at = doc.indexOf("@example");
      if (at >= 0) {
        const rest = doc.slice(at + "@example".length);
        const end = rest.search(/\n\s*\*\s*@(?!example)\w/);
        example = (end >= 0 ? rest.slice(0, end) : rest)
          .replace(/\*\/\s*$/, "")
          .split("\n")
          .map((line) => line.replace(/^\s*\* ?/, ""))
          .join("\n")
          .trim();
      }
    }
    out.push({ name, kind, example: doc ? example : null });
  }
  return out;
}

describe("doc examples of the verdict statistics", () => {
  const scratch = mkdtempSync(join(tmpdir(), "parlab-doc-examples-"));
  process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
  for (const file of VERDICT_FILES) {
    let source: string;
    try {
      source = readFileSync(join(statsDir, file), "utf8");
    } catch {
      it(`${file} exists`, () => assert.fail(`${file} is missing`));
      continue;
    }
    it(`${file}: has a module comment`, () => assert.match(source, /@module/));
    for (const block of exportsWithDocs(source)) {
      it(`${file}: ${block.name} has a runnable example`, async () => {
        assert.ok(block.example, `${block.kind} ${block.name} has no @example`);
        assert.match(block.example, /from "node:assert\/strict"/, `${block.name}'s example does not use node:assert/strict`);
        assert.match(block.example, new RegExp(`from "\\./${file.replace(".", "\\.")}"`), `${block.name}'s example does not import from ./${file}`);
        assert.doesNotMatch(block.example, /from "https?:/, `${block.name}'s example imports from the network`);
        const code = block.example.replace(/from "\.\/([\w.-]+\.ts)"/g, (_, f: string) => `from ${JSON.stringify(pathToFileURL(join(statsDir, f)).href)}`);
        const path = join(scratch, `${file.replace(/\W/g, "_")}-${block.name}.ts`);
        writeFileSync(path, `${code}\nexport {};\n`);
        await import(pathToFileURL(path).href);
      });
    }
  }
});
