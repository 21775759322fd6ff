/**
 * Where ab writes each request's timing (`-g`): a temporary folder named after the process that
 * owns the run. The run removes its folder when it ends, however it ends, unless the process itself
 * is killed by SIGKILL (a killed kernel); then the next run removes it, seeing that its owner is gone.
 * @module
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const PREFIX = "parlab-ab-";

/** True while a process with this pid exists (EPERM: it exists, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the data folders of runs whose owning process is gone, in `root` (the system's temporary
 * folder by default); folders of live owners, and anything else, are left alone.
 * @returns The folder names removed.
 */
export function removeOrphanedAbDirs(root = os.tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^parlab-ab-(\d+)-/.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    try {
      fs.rmSync(path.join(root, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Another user's folder, or gone meanwhile: not this run's to remove.
    }
  }
  return removed;
}

/** A new data folder for one ab run, owned by this process, after removing those whose owner is gone. */
export function abDataDir(root = os.tmpdir()): string {
  removeOrphanedAbDirs(root);
  return fs.mkdtempSync(path.join(root, `${PREFIX}${process.pid}-`));
}
