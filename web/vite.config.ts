import { defineConfig, type Plugin } from "vite";
import solid from "vite-plugin-solid";
import { fileURLToPath } from "node:url";
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";

const root = fileURLToPath(new URL(".", import.meta.url));

/** Prints the total gzip size of the emitted JavaScript, the figure the bundle budget is about. */
function jsGzipTotal(): Plugin {
  return {
    name: "js-gzip-total",
    apply: "build",
    generateBundle(_, bundle) {
      let raw = 0;
      let gz = 0;
      for (const f of Object.values(bundle)) {
        if (f.type !== "chunk") continue;
        raw += f.code.length;
        gz += gzipSync(f.code).length;
      }
      const entry = Object.values(bundle).find((f) => f.type === "chunk" && f.isEntry);
      const entryGz = entry && entry.type === "chunk" ? gzipSync(entry.code).length : 0;
      console.log(`\nJS total: ${(raw / 1024).toFixed(1)} kB, gzip ${(gz / 1024).toFixed(1)} kB (entry chunk gzip ${(entryGz / 1024).toFixed(1)} kB)`);
    },
  };
}

/**
 * Moves the entry stylesheet's <link> from <head> to the end of <body>. In <head> it blocks the
 * first paint until the CSS has arrived (~0.9 s on a slow line) although index.html's loading
 * screen needs none of it (its styles are inline). After #root, browsers paint what comes before
 * the link at once; the app still never renders unstyled, because the module script waits for
 * every stylesheet the parser met before it runs (HTML's "script-blocking style sheet").
 */
function stylesheetAfterBootScreen(): Plugin {
  return {
    name: "stylesheet-after-boot-screen",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html) {
        const links = html.match(/[ \t]*<link rel="stylesheet"[^>]*>\n?/g) ?? [];
        if (!links.length) return html;
        const rest = links.reduce((h, l) => h.replace(l, ""), html);
        return rest.replace("</body>", `  ${links.map((l) => l.trim()).join("\n    ")}\n  </body>`);
      },
    },
  };
}

/** Swagger UI for /api/docs, served by the app itself (worker/app.ts sets `baseUrl: "/vendor"`). */
function swaggerUiAssets(): Plugin {
  const dist = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  return {
    name: "swagger-ui-assets",
    apply: "build",
    writeBundle(options) {
      const out = join(options.dir ?? join(root, "dist"), "vendor", "swagger-ui-dist");
      mkdirSync(out, { recursive: true });
      for (const f of ["swagger-ui.css", "swagger-ui-bundle.js"]) copyFileSync(join(dist, f), join(out, f));
    },
  };
}

export default defineConfig({
  root,
  plugins: [solid(), jsGzipTotal(), swaggerUiAssets(), stylesheetAfterBootScreen()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false },
  server: { proxy: { "/api": { target: "http://localhost:8787", ws: true } } },
});
