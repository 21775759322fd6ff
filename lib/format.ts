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

/**
 * A confidence level as a percentage, rounded down to 0.1% so that an attained level is never
 * overstated: 0.95 → "95%", 0.9375 → "93.7%", 0.968 → "96.8%".
 */
export function formatLevel(level: number): string {
  return `${Math.floor(level * 1000 + 1e-9) / 10}%`;
}

/** "96.8% CI 0.737–1.51×": an interval with the level it attains, times `scale`, then `suffix`. */
export function formatCi(ci: Interval, scale = 1, suffix = ""): string {
  return `${formatLevel(ci.level)} CI ${formatInterval(ci, scale)}${suffix}`;
}
