/**
 * DynamoDB Local cannot be told to listen on loopback only (its jar has no bind option):
 * it answers on every interface of the machine, to anyone who can reach it, with no
 * authentication. `npm run dev` says so once when the machine has an interface beyond
 * loopback (docs/local-stack.md, "What a web page can do").
 */
import { networkInterfaces, type NetworkInterfaceInfo } from "node:os";

/** The machine's addresses that are not loopback (IPv6 link-local included: on-link peers). */
export function nonLoopbackAddresses(
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): string[] {
  return Object.values(interfaces)
    .flatMap((infos) => infos ?? [])
    .filter((info) => !info.internal)
    .map((info) => info.address);
}

/** The warning to print, or undefined when only loopback exists. */
export function dynamoDbExposureWarning(
  port: number,
  addresses: readonly string[],
): string | undefined {
  if (addresses.length === 0) return undefined;
  const shown = addresses.slice(0, 3).join(", ") + (addresses.length > 3 ? ", …" : "");
  return (
    `warning: DynamoDB Local listens on every interface (it cannot bind to loopback only), ` +
    `so port ${port} is reachable at ${shown} by anyone on those networks, with no ` +
    `authentication. Use a firewall or an isolated network, and keep real data out of it ` +
    `(docs/local-stack.md).`
  );
}
