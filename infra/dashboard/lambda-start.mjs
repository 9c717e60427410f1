// The dashboard's start on Lambda (packaged as start.mjs beside Next's standalone server.js;
// run.sh execs it). Plain JavaScript: it runs before anything is compiled or bundled.
//
// The template holds no secret value: only where the secrets are. Before Next's server loads
// (Clerk's SDK reads CLERK_SECRET_KEY when its modules load), this reads them through the
// AWS Parameters and Secrets Lambda extension (HTTP on localhost, authenticated with the
// function's session token) into the environment:
//
// - WAYPOINT_CLERK_SECRET_ARN: a JSON secret {"CLERK_SECRET_KEY": "sk_…"}.
// - WAYPOINT_ORIGIN_SECRET_ARN: a JSON secret {"current": "…", "previous": "…"}; CloudFront
//   sends `current` as the origin header, proxy.ts accepts either (rotation, docs/deploy.md).
// - WAYPOINT_DASHBOARD_ORIGIN_PARAMETER: an SSM parameter holding the distribution's origin
//   (https://…), written by the stack after the distribution exists: the function's own
//   configuration cannot name it (the distribution needs the function's URL first).
//
// Unset variables are skipped (a local run of the package has its environment already).
// A read that keeps failing stops the start: the adapter reports the failed init and Lambda
// retries on the next request, never a dashboard running without its secrets.

const port = Number(process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? 2773);
const ATTEMPTS = 40;

async function extension(path) {
  const token = process.env.AWS_SESSION_TOKEN;
  if (!token) throw new Error("no AWS_SESSION_TOKEN for the secrets extension");
  let last = "unreachable";
  // The extension starts beside the runtime and may not answer for the first moments.
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const response = await fetch(`http://localhost:${port}${path}`, {
        headers: { "X-Aws-Parameters-Secrets-Token": token },
        signal: AbortSignal.timeout(2000),
      });
      if (response.ok) return await response.json();
      last = `answered ${response.status}`;
      if (response.status >= 400 && response.status < 500 && response.status !== 429) break;
    } catch (error) {
      last = error instanceof Error ? error.name : "error";
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // The path names the secret's ARN: not logged (no ARNs in logs).
  throw new Error(`the secrets extension ${last}`);
}

async function secretJson(arn, name) {
  const body = await extension(`/secretsmanager/get?secretId=${encodeURIComponent(arn)}`);
  try {
    const value = JSON.parse(body.SecretString);
    if (value && typeof value === "object") return value;
  } catch {
    // below
  }
  throw new Error(`the ${name} secret is not a JSON object (docs/deploy.md)`);
}

const text = (value) =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

async function loadSecrets(env) {
  const tasks = [];
  if (env.WAYPOINT_CLERK_SECRET_ARN) {
    tasks.push(
      secretJson(env.WAYPOINT_CLERK_SECRET_ARN, "Clerk").then((value) => {
        const key = text(value.CLERK_SECRET_KEY);
        if (!key) throw new Error("the Clerk secret has no CLERK_SECRET_KEY yet (docs/deploy.md)");
        env.CLERK_SECRET_KEY = key;
      }),
    );
  }
  if (env.WAYPOINT_ORIGIN_SECRET_ARN) {
    tasks.push(
      secretJson(env.WAYPOINT_ORIGIN_SECRET_ARN, "origin").then((value) => {
        const current = text(value.current);
        if (!current) throw new Error("the origin secret has no current value");
        env.WAYPOINT_ORIGIN_SECRET = current;
        const previous = text(value.previous);
        if (previous) env.WAYPOINT_ORIGIN_SECRET_PREVIOUS = previous;
      }),
    );
  }
  if (env.WAYPOINT_DASHBOARD_ORIGIN_PARAMETER) {
    const name = encodeURIComponent(env.WAYPOINT_DASHBOARD_ORIGIN_PARAMETER);
    tasks.push(
      extension(`/systemsmanager/parameters/get?name=${name}`).then((body) => {
        const origin = text(body?.Parameter?.Value);
        if (!origin) throw new Error("the dashboard origin parameter is empty");
        // Clerk accepts session tokens whose azp is the distribution's origin only.
        env.CLERK_AUTHORIZED_PARTIES ??= origin;
        env.WAYPOINT_DASHBOARD_ORIGIN = origin;
      }),
    );
  }
  await Promise.all(tasks);
}

try {
  await loadSecrets(process.env);
} catch (error) {
  console.error(
    JSON.stringify({
      level: "error",
      message: "dashboard start failed",
      reason: error instanceof Error ? error.message : String(error),
    }),
  );
  process.exit(1);
}
await import("./server.js");
