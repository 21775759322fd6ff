/**
 * Example workload for notebook 07: a CPU-bound crypto hash. Point compareKinds at your own file
 * the same way: a module that exports a function of one input.
 * @module
 */
import { createHash } from "node:crypto";

/** One task's input: a text and how many times to hash it. */
export interface HashInput {
  text: string;
  rounds: number;
}

/** SHA-256 of `text`, re-hashed `rounds` times (each round hashes the previous digest); the last digest in hex. */
export function sha256Rounds(input: HashInput): string {
  let digest = createHash("sha256").update(input.text).digest();
  for (let i = 1; i < input.rounds; i++) digest = createHash("sha256").update(digest).digest();
  return digest.toString("hex");
}
