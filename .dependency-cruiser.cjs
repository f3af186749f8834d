// Import rules of DESIGN.md ("Layout", "Import rules"), checked by `npm test` (scripts/test.mjs)
// with `depcruise worker queue-consumers web/src`. Type-only imports count too: a cycle or an
// upward arrow through types is still a tangle a reader has to follow.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles anywhere (worker, queue-consumers, web).",
      from: {},
      to: { circular: true },
    },
    {
      name: "shared-is-a-leaf",
      severity: "error",
      comment: "worker/shared/ is pure code: it imports nothing else from the worker.",
      from: { path: "^worker/shared/" },
      to: { path: "^(worker|queue-consumers)/", pathNot: "^worker/shared/" },
    },
    {
      name: "contracts-are-a-leaf",
      severity: "error",
      comment: "worker/contracts/ (zod unions shared with the web client) imports nothing else from the worker.",
      from: { path: "^worker/contracts/" },
      to: { path: "^(worker|queue-consumers)/", pathNot: "^worker/contracts/" },
    },
    {
      name: "port-imports-only-shared",
      severity: "error",
      comment: "A platform port imports only shared/ (and the contracts its messages are made of).",
      from: { path: "^worker/platform/[^/]+/port\\.ts$" },
      to: { path: "^(worker|queue-consumers)/", pathNot: "^worker/(shared|contracts)/" },
    },
    {
      name: "adapter-stays-in-its-capability",
      severity: "error",
      comment:
        "An adapter imports its own capability folder (its port), shared/ and contracts/: never another capability, a module, http/ or the composition root.",
      from: { path: "^worker/platform/([^/]+)/" },
      to: { path: "^(worker|queue-consumers)/", pathNot: ["^worker/platform/$1/", "^worker/(shared|contracts)/"] },
    },
    {
      name: "module-imports-other-modules-by-index",
      severity: "error",
      comment: "A module reaches another module only through its index.ts, never its repo or service file.",
      from: { path: "^worker/modules/([^/]+)/" },
      to: { path: "^worker/modules/[^/]+/", pathNot: ["^worker/modules/$1/", "^worker/modules/[^/]+/index\\.ts$"] },
    },
    {
      name: "module-uses-ports-not-adapters",
      severity: "error",
      comment:
        "Modules (and http/) use platform ports; only the composition root imports concrete adapters. The database is used directly through repositories (its client and schema).",
      from: { path: "^worker/(modules|http)/" },
      to: { path: "^worker/platform/", pathNot: ["^worker/platform/[^/]+/port\\.ts$", "^worker/platform/db/(client|schema)\\.ts$"] },
    },
    {
      name: "only-the-root-imports-adapters",
      severity: "error",
      comment: "Only worker/container.ts builds adapters; worker/index.ts only re-exports the Durable Object classes wrangler binds.",
      from: { pathNot: ["^worker/(container|index)\\.ts$", "^worker/platform/"] },
      to: { path: "^worker/platform/[^/]+/", pathNot: ["^worker/platform/[^/]+/port\\.ts$", "^worker/platform/db/(client|schema)\\.ts$"] },
    },
    {
      name: "nothing-imports-the-root",
      severity: "error",
      comment: "The composition root, the app and the entry point are the top: nothing below imports them (routes get services from the context).",
      from: { path: "^(worker/(modules|platform|http|shared|contracts)/|queue-consumers/)" },
      to: { path: "^worker/(container|config|app|index)\\.ts$" },
    },
    {
      name: "route-validates-calls-responds",
      severity: "error",
      comment: "A route imports its schemas, http/, shared/, contracts/ and other modules' index.ts: never a repository, an adapter or a port.",
      from: { path: "^worker/modules/[^/]+/[^/]+\\.routes\\.ts$" },
      to: { path: "(\\.repo\\.ts$|\\.jobs\\.ts$|^worker/platform/)" },
    },
    {
      name: "services-never-see-hono-or-env",
      severity: "error",
      comment: "Services, repositories and jobs have no Hono and no env.",
      from: { path: "^worker/modules/[^/]+/[^/]+\\.(service|repo|jobs)\\.ts$" },
      to: { path: ["(^|/)node_modules/(hono|@hono)/", "^worker/(env|config)\\.ts$", "^worker/http/"] },
    },
    {
      name: "http-knows-no-module",
      severity: "error",
      comment: "http/ (router, errors, auth, rate limit, AppEnv) is below the modules.",
      from: { path: "^worker/http/" },
      to: { path: "^(worker/(modules|platform/(?!rate-limit/port\\.ts))|queue-consumers/)" },
    },
    {
      name: "only-the-root-reads-env",
      severity: "error",
      comment:
        "The bindings/settings type (worker/env.ts) is read by the composition root (container.ts, config.ts), the entry point and the typed context only.",
      from: { pathNot: "^worker/(container|config|index|env)\\.ts$|^worker/http/app-env\\.ts$" },
      to: { path: "^worker/env\\.ts$" },
    },
    {
      name: "worker-does-not-import-queue-consumers",
      severity: "error",
      comment: "queue-consumers/ depends on the worker, never the reverse; worker/index.ts alone hands it batches.",
      from: { path: "^worker/", pathNot: "^worker/index\\.ts$" },
      to: { path: "^queue-consumers/" },
    },
    {
      name: "queue-consumers-use-module-indexes",
      severity: "error",
      comment: "queue-consumers/ imports modules' index.ts, contracts/, and http/ + shared/ for its push route.",
      from: { path: "^queue-consumers/" },
      to: { path: "^worker/", pathNot: ["^worker/modules/[^/]+/index\\.ts$", "^worker/(contracts|http|shared)/"] },
    },
    {
      name: "web-imports-app-types-and-contracts",
      severity: "error",
      comment: "The web client imports only worker/app.ts (for AppType, through the emitted declarations) and worker/contracts/.",
      from: { path: "^web/" },
      to: {
        path: "^(worker|queue-consumers|\\.tmp/types/(worker|queue-consumers))/",
        pathNot: ["^worker/contracts/", "^\\.tmp/types/worker/(app\\.d\\.ts|contracts/)"],
      },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "Every relative import resolves (a typo or a file moved away).",
      from: {},
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|\\.tmp/types/web)/|worker-configuration\\.d\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".d.ts", ".mts", ".js", ".mjs"],
    },
  },
};
