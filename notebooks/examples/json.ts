/**
 * Example workload for notebook 07: parse-heavy JSON work. The input is a JSON text (a string
 * crosses to a worker cheaply); the function parses it, aggregates, and returns a small object.
 * @module
 */

/** Parses a JSON array of `{ id, price, tags }` records and returns their count, total and most common tag. */
export function summarizeOrders(text: string): { count: number; total: number; topTag: string } {
  const orders = JSON.parse(text) as Array<{ id: number; price: number; tags: string[] }>;
  let total = 0;
  const tags = new Map<string, number>();
  for (const order of orders) {
    total += order.price;
    for (const tag of order.tags) tags.set(tag, (tags.get(tag) ?? 0) + 1);
  }
  let topTag = "";
  let best = -1;
  for (const [tag, n] of tags) if (n > best) [topTag, best] = [tag, n];
  return { count: orders.length, total: Math.round(total * 100) / 100, topTag };
}
