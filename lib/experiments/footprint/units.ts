/**
 * Memory in the unit the footprint experiment shows it: MiB (2^20 bytes), for charts, findings and
 * claims alike.
 * @module
 */
import type { Interval } from "../../types.ts";
import { formatInterval } from "../_shared/analysis.ts";

/** Bytes in one MiB. */
export const MIB = 1024 * 1024;

/** Bytes as MiB. */
export const mib = (bytes: number): number => bytes / MIB;

/** An interval of bytes written in MiB: "7.51–7.61". */
export const mibInterval = (ci: Interval): string => formatInterval({ lo: mib(ci.lo), hi: mib(ci.hi), level: ci.level });
