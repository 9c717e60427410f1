import { describe, expect, it } from "vitest";
import { dynamoDbExposureWarning, nonLoopbackAddresses } from "./network-exposure";

const lo = [
  {
    address: "127.0.0.1",
    family: "IPv4",
    internal: true,
    netmask: "255.0.0.0",
    mac: "00:00:00:00:00:00",
    cidr: "127.0.0.1/8",
  },
  {
    address: "::1",
    family: "IPv6",
    internal: true,
    netmask: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    mac: "00:00:00:00:00:00",
    cidr: "::1/128",
    scopeid: 0,
  },
] as const;
const eth0 = [
  {
    address: "192.168.1.20",
    family: "IPv4",
    internal: false,
    netmask: "255.255.255.0",
    mac: "02:00:00:00:00:01",
    cidr: "192.168.1.20/24",
  },
] as const;

describe("the DynamoDB Local exposure warning", () => {
  it("stays silent on a machine with loopback only", () => {
    const addresses = nonLoopbackAddresses({ lo: [...lo] });
    expect(addresses).toEqual([]);
    expect(dynamoDbExposureWarning(8000, addresses)).toBeUndefined();
  });

  it("names the port and the reachable addresses when there is another interface", () => {
    const addresses = nonLoopbackAddresses({ lo: [...lo], eth0: [...eth0], missing: undefined });
    expect(addresses).toEqual(["192.168.1.20"]);
    expect(dynamoDbExposureWarning(8000, addresses)).toMatch(
      /DynamoDB Local listens on every interface.*port 8000 is reachable at 192\.168\.1\.20/,
    );
  });
});
