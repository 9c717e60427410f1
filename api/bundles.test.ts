/**
 * Every resolver and function bundle, exactly as api/bundle.ts builds it for CDK and the
 * local runtime, parsed and checked for what the APPSYNC_JS runtime refuses. The local
 * runtime executes bundles in `node:vm`, which would happily run a `try` or a class, so
 * without this check such code would pass every local test and fail only on deploy.
 *
 * The refused constructs are those of AWS's "Supported runtime features" page for APPSYNC_JS
 * (statements: no try/catch/finally, throw, while, do-while, classic `for`, continue or labels;
 * operators: no `in`, `++`, `--`, `~`; no regular expressions, classes, generators or async);
 * we also refuse for-in (AppSync runs it; our code has no use for it), `instanceof`, `this` and
 * `new` (nothing of ours needs a constructor). And each bundle must stay under AppSync's 32 KB
 * per function code, counted as deployed (with the inline source map).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { bundleAppSyncCode } from "./bundle";

const RESOLVERS = join(import.meta.dirname, "resolvers");
const entries = [
  ...readdirSync(RESOLVERS)
    .filter((f) => f.endsWith(".table.ts"))
    .map((f) => join(RESOLVERS, f)),
  ...readdirSync(join(RESOLVERS, "functions"))
    .filter((f) => f.endsWith(".table.ts"))
    .map((f) => join(RESOLVERS, "functions", f)),
];

const CODE_LIMIT_BYTES = 32 * 1024;

const refusedKinds = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.TryStatement, "try/catch"],
  [ts.SyntaxKind.ThrowStatement, "throw"],
  [ts.SyntaxKind.ClassDeclaration, "class"],
  [ts.SyntaxKind.ClassExpression, "class"],
  [ts.SyntaxKind.WhileStatement, "while"],
  [ts.SyntaxKind.DoStatement, "do-while"],
  [ts.SyntaxKind.ForStatement, "classic for"],
  [ts.SyntaxKind.ForInStatement, "for-in"],
  [ts.SyntaxKind.ContinueStatement, "continue"],
  [ts.SyntaxKind.LabeledStatement, "label"],
  [ts.SyntaxKind.RegularExpressionLiteral, "regex literal"],
  [ts.SyntaxKind.AwaitExpression, "await"],
  [ts.SyntaxKind.YieldExpression, "yield"],
  [ts.SyntaxKind.ThisKeyword, "this"],
  [ts.SyntaxKind.NewExpression, "new"],
]);

/** Each refused construct in `code`, as "<what> at line <n>". */
function refusedConstructs(code: string): string[] {
  const file = ts.createSourceFile(
    "bundle.mjs",
    code,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.JS,
  );
  const found: string[] = [];
  const report = (node: ts.Node, what: string) =>
    found.push(`${what} at line ${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
  const visit = (node: ts.Node): void => {
    const kind = refusedKinds.get(node.kind);
    if (kind) report(node, kind);
    if (
      (ts.isFunctionDeclaration(node) ||
        ts.isFunctionExpression(node) ||
        ts.isMethodDeclaration(node)) &&
      node.asteriskToken
    )
      report(node, "generator");
    if (
      ts.canHaveModifiers(node) &&
      ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)
    )
      report(node, "async");
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.InKeyword) report(node, "in operator");
      if (op === ts.SyntaxKind.InstanceOfKeyword) report(node, "instanceof");
    }
    if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      const op = node.operator;
      if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken)
        report(node, "++/--");
      if (op === ts.SyntaxKind.TildeToken) report(node, "~");
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  // A parse error would hide constructs behind it: fail on it too.
  const diagnostics =
    (file as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  for (const d of diagnostics)
    found.push(`parse error: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
  return found;
}

describe("the checker itself", () => {
  it("finds each refused construct in a snippet, and nothing in plain code", () => {
    const bad = [
      "try { f(); } catch (e) { g(); }",
      "throw new Error('x');",
      "class K {}",
      "while (a) b();",
      "do { b(); } while (a);",
      "for (let i = 0; i < 3; i += 1) b();",
      "for (const k in o) b(k);",
      "outer: for (const x of xs) { continue outer; }",
      "const r = /a+/;",
      "async function f() { await g(); }",
      "function* gen() { yield 1; }",
      "const y = 'a' in o;",
      "let n = 0; n++; --n; const m = ~n;",
      "const z = o instanceof Object;",
    ].join("\n");
    const found = refusedConstructs(bad).map((f) => f.replace(/ at line \d+$/, ""));
    for (const what of [
      "try/catch",
      "throw",
      "new",
      "class",
      "while",
      "do-while",
      "classic for",
      "for-in",
      "label",
      "continue",
      "regex literal",
      "async",
      "await",
      "generator",
      "yield",
      "in operator",
      "++/--",
      "~",
      "instanceof",
    ])
      expect(found).toContain(what);
    const plain =
      "export function request(ctx) { const xs = []; for (const x of ctx.args.ids) xs.push(x); return xs.map((x) => `${x}#`); }";
    expect(refusedConstructs(plain)).toEqual([]);
  });
});

describe("built resolver and function bundles", () => {
  it("covers every resolver and function file", () => {
    expect(entries.length).toBeGreaterThanOrEqual(14);
  });

  it("inlines core/portable's rules, so what runs on AppSync is core's code", async () => {
    const code = await bundleAppSyncCode(join(RESOLVERS, "Query.milestones.table.ts"));
    expect(code).toContain("function milestoneListQuery(");
    expect(code).toContain("function isKeyPart(");
  });

  it.each(entries.map((e) => [e.slice(RESOLVERS.length + 1), e]))(
    "%s: nothing APPSYNC_JS refuses, under 32 KB",
    async (_name, entry) => {
      const code = await bundleAppSyncCode(entry);
      expect(refusedConstructs(code)).toEqual([]);
      expect(Buffer.byteLength(code)).toBeLessThan(CODE_LIMIT_BYTES);
      // Only the runtime's modules stay imports; everything else is inlined.
      const imports = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
      for (const source of imports) expect(source).toMatch(/^@aws-appsync\/utils(\/dynamodb)?$/);
    },
  );
});
