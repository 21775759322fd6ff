/**
 * The checks every driver runs on its options before it starts anything, written once so that a
 * bad option reads the same whichever driver refused it: an {@link InputError} naming the option,
 * then what would be valid, then what was given — e.g. `workers: must be a whole number from 1 to
 * 64, got 0`. Each check returns the value it accepted, so a driver builds its config from them.
 * @module
 */
import { InputError } from "../../errors.ts";

/**
 * `value` as a message shows it: a string where another type was expected is quoted, so that
 * `"8"` is told from `8`; anything else as `String` writes it.
 */
export function describeValue(value: unknown, expected: "number" | "boolean" | "string" | "object" | "function"): string {
  return typeof value === "string" && expected !== "string" ? JSON.stringify(value) : String(value);
}

function range(min: number, max: number): string {
  return max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`;
}

/** `value` if it is a whole number from `min` to `max` (no upper bound by default), in `unit` when given (e.g. "milliseconds"); else throws an InputError naming `input`. */
export function wholeNumber(input: string, value: unknown, min: number, max = Infinity, unit?: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(input, `must be a whole number${unit ? ` of ${unit}` : ""} ${range(min, max)}, got ${describeValue(value, "number")}`);
  }
  return value;
}

/** `value` if it is a finite number from `min` to `max` (no upper bound by default), in `unit` when given; else throws an InputError naming `input`. */
export function numberInRange(input: string, value: unknown, min: number, max = Infinity, unit?: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new InputError(input, `must be a number${unit ? ` of ${unit}` : ""} ${range(min, max)}, got ${describeValue(value, "number")}`);
  }
  return value;
}

/** `value` if it is one of `allowed`; else throws an InputError naming `input` and listing them, after `noun` when given (e.g. "the module graphs"). */
export function oneOf<T>(input: string, value: unknown, allowed: readonly T[], noun?: string): T {
  if (!allowed.includes(value as T)) {
    throw new InputError(input, `must be one of ${noun ? `${noun} ` : ""}${allowed.join(", ")}, got ${describeValue(value, "string")}`);
  }
  return value as T;
}

/** `value` if it is true or false; else throws an InputError naming `input`. */
export function trueOrFalse(input: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new InputError(input, `must be true or false, got ${describeValue(value, "boolean")}`);
  return value;
}

/** Throws an InputError naming `input` unless `value` is a non-null object (a driver's options). */
export function checkObject(input: string, value: unknown): asserts value is object {
  if (typeof value !== "object" || value === null) throw new InputError(input, `must be an object, got ${describeValue(value, "object")}`);
}
