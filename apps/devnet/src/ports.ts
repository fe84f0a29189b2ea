/**
 * Linux hands out ports from 32768 up (ip_local_port_range) as the source ports of outgoing
 * connections, so a server bound up there can collide with one of the process's own connections
 * and fail with EADDRINUSE. Test and benchmark devnets stay below it.
 */
export const EPHEMERAL_PORT_START = 32_768;

/** A port shift read from `variable`, refused if it would push `highestPort` into the ephemeral range. */
export function portOffsetFromEnv(variable: string, highestPort: number): number {
  const raw = process.env[variable] ?? '0';
  const offset = Number(raw);
  const max = EPHEMERAL_PORT_START - 1 - highestPort;
  if (!Number.isInteger(offset) || offset < 0 || offset > max) {
    throw new Error(`${variable} must be an integer from 0 to ${max} (higher ports reach the ephemeral range from ${EPHEMERAL_PORT_START}), got "${raw}"`);
  }
  return offset;
}
