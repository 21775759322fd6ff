/**
 * What counts as the loopback interface. The lab never sends load off the machine: the load
 * generator's options are checked against these before it starts, and its DNS answers after.
 * @module
 */

/** True for an IP address (as DNS returns it) on the loopback interface: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopbackAddress(address: string): boolean {
  const ip = address.toLowerCase();
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip) || ip === "::1" || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/**
 * True for a URL hostname (as WHATWG `URL` normalises it) that names the loopback interface:
 * `localhost`, `[::1]`, or an IPv4 address in 127.0.0.0/8 (`URL` has already turned forms like
 * `127.1` or `2130706433` into dotted quads).
 */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
