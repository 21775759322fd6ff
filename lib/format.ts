/**
 * Number formatting that never rounds uncertainty away.
 * @module
 */
import type { Interval } from "./types.ts";

/** `x` with `digits` significant digits, without exponent notation for everyday magnitudes. */
export function formatNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  if (magnitude >= digits + 3 || magnitude < -4) return x.toPrecision(digits);
  const decimals = Math.max(0, digits - 1 - magnitude);
  return x.toFixed(decimals);
}

/**
 * "lo–hi" of an interval, times `scale`; adds digits until the two ends differ, so that a real
 * interval never prints as a single value.
 */
export function formatInterval(ci: Interval, scale = 1, digits = 3): string {
  let d = digits;
  let lo = formatNumber(ci.lo * scale, d);
  let hi = formatNumber(ci.hi * scale, d);
  while (lo === hi && ci.lo !== ci.hi && d < 8) {
    d++;
    lo = formatNumber(ci.lo * scale, d);
    hi = formatNumber(ci.hi * scale, d);
  }
  return `${lo}–${hi}`;
}
