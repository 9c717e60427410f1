/**
 * Logs and metrics for every Waypoint Lambda, through Powertools for AWS Lambda (TypeScript):
 * one JSON object per log line (Logger) and CloudWatch embedded-metric-format lines
 * (Metrics), so that CloudWatch Logs turns the lines into metrics with no client and no
 * extra request. Names and dimensions live in ./names.ts.
 *
 * - Every metric has the dimensions `service` (Powertools' default) and `stage`
 *   (WAYPOINT_STAGE, "local" when unset), under the namespace METRIC_NAMESPACE.
 * - Logs never carry a stack, an ARN, an account id, a URL or a secret: the JSON replacer
 *   masks ARNs, account ids and URLs in every string (app/lib/errors.ts's redactForLog) and
 *   logs an Error as its name only. Handlers log names and codes, never messages or bodies.
 *   Powertools' `addContext` is not used: it would log the function's ARN.
 * - `output`: where every line goes instead of stdout (the local stack, which prefixes each
 *   service's lines, and tests). Powertools has no such option ("EMF metrics are always sent
 *   directly to stdout"), so its private console is swapped for one writing to the sink;
 *   the telemetry test asserts the lines arrive, so an upgrade that renames it fails there.
 * - POWERTOOLS_DEV is Powertools' development mode: it *disables* metrics and indents logs.
 *   Nothing here sets it; the local stack emits exactly what a Lambda would.
 */
import { Console } from "node:console";
import { Writable } from "node:stream";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { redactForLog } from "../../app/lib/errors";
import { DIMENSIONS, METRIC_NAMESPACE, type ServiceName } from "./names";

export { MetricUnit };
export type MetricUnitValue = (typeof MetricUnit)[keyof typeof MetricUnit];

/** One JSON record per call: a log line or an EMF metric line. */
export type LineSink = (line: string) => void;

/** Stage names as infra/config.ts builds them; anything else is refused, not a dimension. */
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export function stageFrom(env: Record<string, string | undefined>): string {
  const stage = env.WAYPOINT_STAGE;
  if (stage === undefined || stage === "") return "local";
  if (!STAGE_PATTERN.test(stage)) throw new Error("WAYPOINT_STAGE is not a stage name");
  return stage;
}

/** Masks what logs must not carry; an Error is logged as its name (no message, no stack). */
export function redactingReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name };
  if (typeof value === "string") return redactForLog(value);
  return value;
}

function consoleWritingTo(sink: LineSink): Console {
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      sink(String(chunk).replace(/\n$/, ""));
      done();
    },
  });
  return new Console({ stdout: stream, stderr: stream });
}

/** Powertools writes to a private `console`; this points it at the sink (see above). */
function redirect(target: Logger | Metrics, sink: LineSink): void {
  (target as unknown as { console: Console }).console = consoleWritingTo(sink);
}

/** Metrics whose cold-start metric (a separate single-metric instance) goes where it does. */
class SinkMetrics extends Metrics {
  readonly #sink: LineSink;
  constructor(options: ConstructorParameters<typeof Metrics>[0], sink: LineSink) {
    super(options);
    this.#sink = sink;
    redirect(this, sink);
  }
  override singleMetric(): Metrics {
    const single = super.singleMetric();
    redirect(single, this.#sink);
    return single;
  }
}

export interface MetricPoint {
  name: string;
  unit: MetricUnitValue;
  value: number;
  /**
   * Dimension sets beside `service` and `stage`: each one is a series of its own in
   * CloudWatch (the same value counted under each). @default one set: service + stage.
   */
  dimensionSets?: Record<string, string>[];
}

export interface Telemetry {
  logger: Logger;
  metrics: Metrics;
  stage: string;
  /** Publishes one metric, in one EMF line, under its own dimension sets. */
  emit(point: MetricPoint): void;
  /** The ColdStart metric, on the first call of this execution environment only. */
  coldStart(): void;
}

export interface TelemetryOptions {
  /** @default process.env (WAYPOINT_STAGE, LOG_LEVEL as Powertools reads it) */
  env?: Record<string, string | undefined>;
  /** @default stdout, as Powertools writes on Lambda */
  output?: LineSink;
}

/**
 * Powertools' own warnings about metrics, as structured log lines rather than bare console
 * output, less one: "EMF key … is defined as both a dimension set and dimension set", said of
 * every line whose sets share a key. Ours share one on purpose (`outcome` alone, and
 * `outcome` + `eventType`, always with the same value), so on Lambda it would be a line of
 * noise per delivery.
 */
function metricsLogger(logger: Logger) {
  const text = (content: unknown[]) => content.map(String).join(" ");
  return {
    debug: (...content: unknown[]) => logger.debug(text(content)),
    info: (...content: unknown[]) => logger.info(text(content)),
    warn: (...content: unknown[]) => {
      const message = text(content);
      if (/^EMF key "[^"]*" is defined as both a dimension set and dimension set/.test(message)) {
        return;
      }
      logger.warn(message);
    },
    error: (...content: unknown[]) => logger.error(text(content)),
  };
}

export function createTelemetry(service: ServiceName, options: TelemetryOptions = {}): Telemetry {
  const env = options.env ?? process.env;
  const stage = stageFrom(env);
  const logger = new Logger({
    serviceName: service,
    persistentKeys: { stage },
    jsonReplacerFn: redactingReplacer,
  });
  const metricsOptions = {
    namespace: METRIC_NAMESPACE,
    serviceName: service,
    defaultDimensions: { [DIMENSIONS.stage]: stage },
    logger: metricsLogger(logger),
  };
  const metrics = options.output
    ? new SinkMetrics(metricsOptions, options.output)
    : new Metrics(metricsOptions);
  if (options.output) redirect(logger, options.output);

  return {
    logger,
    metrics,
    stage,
    emit({ name, unit, value, dimensionSets }) {
      for (const set of dimensionSets ?? []) metrics.addDimensions(set);
      metrics.addMetric(name, unit, value);
      metrics.publishStoredMetrics();
    },
    coldStart() {
      metrics.captureColdStartMetric();
    },
  };
}
