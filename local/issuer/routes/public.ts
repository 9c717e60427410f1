/**
 * What anyone on this machine may read: the JWKS (also at Clerk's `/v1/jwks`), the discovery
 * document, health, and the avatars the directory's image URLs point at. Each JWKS and
 * discovery address answers exactly as written, as clients configure them.
 */
import { HttpError } from "../http";
import { json, ourErrorBody, route, type Reply, type Surface } from "../router";
import type { Directory } from "../directory";
import type { IssuerContext } from "./context";

export const publicSurface: Surface<IssuerContext> = {
  routes: [
    route("GET /.well-known/jwks.json", (c) => json(200, c.keys.jwks()), { exact: true }),
    route("GET /v1/jwks", (c) => json(200, c.keys.jwks()), { exact: true }),
    route("GET /.well-known/openid-configuration", (c) => json(200, discovery(c.url)), {
      exact: true,
    }),
    route("GET /healthz", () => json(200, { ok: true }), { exact: true }),
    route("GET /avatars/:file", (c, r) => avatar(c.directory, r.params.file ?? "")),
  ],
  notFound: new HttpError(404, "not_found", "not found"),
  errorBody: ourErrorBody,
};

const discovery = (url: string) => ({ issuer: url, jwks_uri: `${url}/.well-known/jwks.json` });

/** Initials on a colour from the id: an avatar that needs no network. */
function avatar(d: Directory, file: string): Reply {
  const id = file.replace(/\.svg$/, "");
  const user = d.getUser(id);
  const org = d.getOrg(id);
  const label = user
    ? `${user.firstName[0] ?? ""}${user.lastName[0] ?? ""}`
    : (org?.name.slice(0, 2) ?? "?");
  let hue = 0;
  for (const char of id) hue = (hue * 31 + char.charCodeAt(0)) % 360;
  const text = label.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="32" fill="hsl(${hue} 55% 45%)"/>` +
    `<text x="32" y="41" font-family="sans-serif" font-size="24" text-anchor="middle" fill="#fff">${text}</text></svg>`;
  return {
    status: 200,
    body: svg,
    headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=300" },
  };
}
