/**
 * Which experiments Deno can host. Under Deno the lab hands what only Node.js can run — cluster
 * servers (Deno's node:cluster cannot fork), the thread server, sharp's hosts, the footprint host —
 * to a Node.js binary, and labels it in the Result. In a notebook that is how a Deno run goes; on
 * the command line, asking for `--runtime deno` where every condition would run on Node instead is
 * refused, naming the Node that would serve, since nothing of it would measure Deno.
 * @module
 */
import { InputError } from "../errors.ts";

/** What each experiment runs on Node.js under Deno, and why; experiments not listed are measured on Deno. */
export const NODE_HOSTED: Readonly<Record<string, string>> = {
  distribution: "its cluster servers (Deno's node:cluster cannot fork workers)",
  faults: "its cluster and thread servers (Deno's node:cluster cannot fork workers, and the thread server is measured beside Node's cluster)",
  thumbnails: "its thumbnail hosts (sharp is a Node-API addon, and the pools it measures are Node's)",
  footprint: "its footprint hosts (it measures what a worker weighs in a bare Node.js)",
};

/**
 * The error for running `experiment` with `--runtime deno` when none of its conditions would run on
 * Deno, or null when Deno can host it. `node` is the Node.js that would serve instead ("node
 * 20.20.2"), or null when there is none; `experiments` every experiment's id.
 */
export function denoRefusal(experiment: string, node: string | null, experiments: readonly string[], input = "--runtime"): InputError | null {
  const hosted = NODE_HOSTED[experiment];
  if (!hosted) return null;
  const onDeno = experiments.filter((id) => !NODE_HOSTED[id]).join(", ");
  return new InputError(
    input,
    `deno cannot host the ${experiment} experiment: ${hosted} would run on Node.js instead (${node ? `${node}, from PARLAB_NODE or PATH` : "and no Node.js was found on PATH or in PARLAB_NODE"}), ` +
      `and only its caller on Deno, so nothing of it would measure Deno. Run it with --runtime current or node@<major>; the experiments measured on Deno are ${onDeno}`,
  );
}
