/**
 * Keeping this machine's absolute paths out of what readers see. Pages name files relative to the
 * project; as a last guard, any absolute path of the project, the temporary folder or the home
 * folder left in a page's text (a stack trace, a path a notebook printed) is rewritten.
 * @module
 */
import os from "node:os";
import path from "node:path";
import { projectDataDir } from "../results.ts";

/** The project the lab runs in: the folder holding `data/` and `notebooks/`, found from the working folder. */
export function projectRoot(): string {
  return path.dirname(projectDataDir());
}

/** `file` relative to the project with forward slashes when inside it, else its name alone. */
export function projectPath(file: string, root: string = projectRoot()): string {
  const relative = path.relative(root, path.resolve(file));
  return relative.startsWith("..") || path.isAbsolute(relative) ? path.basename(file) : relative.split(path.sep).join("/");
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * `text` (HTML or markdown) with the project's absolute path made project-relative (`./…`), and the
 * temporary and home folders replaced by `$TMPDIR` and `~`. Longest prefixes first, so a project in
 * the home folder reads as project-relative; a prefix counts only where a path starts (not inside a
 * URL or a longer path) and ends at a separator, and `/` alone is never one.
 */
export function withoutMachinePaths(text: string, root: string = projectRoot()): string {
  const rules: Array<[string, string]> = [
    [path.resolve(root), "."],
    [os.tmpdir(), "$TMPDIR"],
    [os.homedir(), "~"],
  ];
  let out = text;
  for (const [prefix, replacement] of rules.filter(([p]) => p.length > 1).sort((a, b) => b[0].length - a[0].length)) {
    // Where a path starts (not inside a URL or a longer path) and followed by a separator or a
    // non-path character, so that /tmpfoo and http://host/tmp/x are left alone.
    out = out.replace(new RegExp(`(?<![\\w./:~-])${escapeRegExp(prefix)}(?=[/\\\\]|$|[^\\w.-])`, "g"), replacement);
  }
  return out;
}
