/**
 * Which load generator drove which of a distribution run's conditions, read off its trials, and
 * the finding that says so. ApacheBench drives the closed loops with a new connection per request
 * when it is installed; the lab's Node generator drives the rest, and those closed loops too when
 * ab is missing, at about half the rate ab reaches, so arrivals are then thinner than the server
 * could take. Pure.
 * @module
 */
import type { DistributionResult, DistributionSummary } from "./types.ts";

type Generators = NonNullable<DistributionSummary["generators"]>;

function isGenerator(value: unknown): value is "node" | "ab" {
  return value === "node" || value === "ab";
}

/** The generators of a Result's successful trials, each with the conditions it drove, in trial order; absent when no trial recorded one. */
export function generatorsOf(result: Pick<DistributionResult, "trials">): Generators | undefined {
  const by = new Map<"node" | "ab", Set<string>>();
  const add = (generator: "node" | "ab", label: string) => {
    if (!by.has(generator)) by.set(generator, new Set());
    by.get(generator)!.add(label);
  };
  for (const t of result.trials) {
    if (!t.ok || !isGenerator(t.detail?.generator)) continue;
    const capacity = t.detail?.capacityGenerator;
    if (isGenerator(capacity)) add(capacity, `capacity, ${t.detail?.keepAlive ? "keep-alive" : "new conn"}`);
    add(t.detail.generator, t.condition);
  }
  if (by.size === 0) return undefined;
  return [...by].map(([generator, conditions]) => ({ generator, conditions: [...conditions] }));
}

/** The finding: which generator drove what, and what it means when the Node client drove closed loops of new connections. */
export function generatorSentence(generators: Generators | undefined): string | null {
  if (!generators) return null;
  const name = (g: "node" | "ab") => (g === "ab" ? "ApacheBench (ab)" : "the lab's Node generator");
  const parts = generators.map((g) => `${name(g.generator)} drove ${g.conditions.join(", ")}`);
  let sentence = `Load generators: ${parts.join("; ")}.`;
  const nodeClosedNew = generators.find((g) => g.generator === "node")?.conditions.filter((c) => / c=\d+ new conn$/.test(c) || c === "capacity, new conn") ?? [];
  if (nodeClosedNew.length > 0) {
    sentence += ` ab was not installed (Debian's apache2-utils), so the Node client drove the closed loops with a new connection per request; it opens connections at about half of ab's rate, so arrivals there were thinner than the server could take.`;
  }
  return sentence;
}
