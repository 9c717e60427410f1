import type { NextConfig } from "next";
import { parseDashboardEnv } from "./app/lib/env";

// Validate the environment once, at build and at start: a bad variable fails here with a
// readable message instead of on the first request.
try {
  parseDashboardEnv(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The issuer's avatars and Clerk's images are plain <img>; nothing to optimise remotely.
  images: { unoptimized: true },
};

export default nextConfig;
