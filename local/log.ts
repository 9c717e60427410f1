/** Per-service log prefixes for the dev command, coloured when the terminal is a TTY. */
const COLORS = [36, 35, 33, 32, 34, 31];
let next = 0;

export type Log = (message: string) => void;

export function createLog(service: string): Log {
  const color = COLORS[next++ % COLORS.length] ?? 36;
  const label = service.padEnd(8);
  const prefix = process.stdout.isTTY ? `\u001b[${color}m${label}\u001b[0m │` : `${label} │`;
  return (message) => {
    for (const line of message.split("\n")) console.log(`${prefix} ${line}`);
  };
}
