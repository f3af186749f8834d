// Runs in Node before the workerd suites: a local web site for the knowledge base's web-page
// import (the Worker fetches it over real HTTP on 127.0.0.1, allowed only by the non-production
// setting KNOWLEDGE_FETCH_ALLOW_LOOPBACK). Pages:
//   /article.html          a blog post with navigation, ads, a sidebar, a footer and the article
//   /moved                 302 → /article.html (a redirect that stays public-or-allowed)
//   /to-metadata           302 → http://169.254.169.254/latest/meta-data/ (link-local: refused)
//   /to-private            302 → http://10.0.0.7/admin (private: refused)
//   /huge                  an HTML page larger than any test's fetch limit, no Content-Length
//   /image.png             a PNG (not a page)
//   /papers/field-notes.pdf   a PDF whose document information names its title
//   /papers/rock-pools-2024.pdf  a PDF without a title
//   /missing               404
//   /bump?k=KEY            /article.html?k=KEY serves version 2 from now on (re-fetch tests)
//   /hits?k=KEY            how many times /article.html?k=KEY was served
import { createServer } from "node:http";
import { freePort } from "../support/free-port.mjs";
import { makePdf } from "../support/fixtures/pdf.ts";

const nav = `<nav class="site-nav"><ul>${["Home", "Blog", "Talks", "About", "Contact"].map((n) => `<li><a href="/${n.toLowerCase()}">${n}</a></li>`).join("")}</ul></nav>`;
const ad = (n) =>
  `<div class="ad-banner sponsored" id="ad-${n}"><a href="https://ads.example/click">Buy discount mattresses today, free shipping on orders of the zebracorn bundle</a></div>`;

const article = (version) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Why tide pools matter | Ada's blog</title></head>
<body>
<header class="masthead"><h1 class="site-title">Ada's blog</h1>${nav}</header>
${ad(1)}
<div class="layout">
<aside class="sidebar"><h3>Popular posts</h3><ul><li><a href="/p/1">Ten tips for quokka photography</a></li><li><a href="/p/2">My favourite zebracorn recipes</a></li></ul>
<h3>Newsletter</h3><p>Subscribe for weekly quokka updates.</p></aside>
<main>
<article>
<h1>Why tide pools matter</h1>
<p class="byline">By Ada Lovelace, 3 March 2026</p>
<p>Tide pools are small worlds left behind by the retreating sea. Twice a day the ocean floods them and twice a day it drains away, and the creatures that live there must survive both the pounding surf and the baking sun.</p>
<h2>The anemone's trick</h2>
<p>The green anemone closes into a tight ball when the tide goes out, holding seawater inside its body so it does not dry out. ${version > 1 ? "Version two adds that the ochre sea star eats mussels by pushing its stomach out of its mouth." : "It can survive for hours in a nearly empty pool this way."}</p>
<p>Researchers at the Monterey field station counted 412 anemones in a single pool during the 2024 survey, more than in any other pool on the coast.</p>
<h2>How to visit responsibly</h2>
<p>Walk only on bare rock, never lift animals from the water, and put every stone back exactly as you found it. Visit at low tide and check the tide table before you go.</p>
<table><tr><th>Tide</th><th>Best time</th></tr><tr><td>Spring low</td><td>early morning</td></tr></table>
</article>
${ad(2)}
<section class="comments"><h3>Comments</h3><p>Great post! Check out my zebracorn store.</p></section>
</main>
</div>
<footer class="site-footer"><p>© 2026 Ada's blog · Privacy · Terms · Cookie settings</p>${nav}</footer>
</body></html>`;

/** @param {import('vitest/node').TestProject} project */
export default async function setup(project) {
  /** Per ?k= key (one per test): how often the article was served, and which version it serves. */
  const hits = new Map();
  const versions = new Map();
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const path = u.pathname;
    const k = u.searchParams.get("k") ?? "";
    if (path === "/article.html") {
      hits.set(k, (hits.get(k) ?? 0) + 1);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(article(versions.get(k) ?? 1));
    }
    if (path === "/bump") {
      versions.set(k, 2);
      res.writeHead(204);
      return res.end();
    }
    if (path === "/hits") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ hits: hits.get(k) ?? 0 }));
    }
    if (path === "/moved") {
      res.writeHead(302, { location: "/article.html" });
      return res.end();
    }
    if (path === "/to-metadata") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
      return res.end();
    }
    if (path === "/to-private") {
      res.writeHead(301, { location: "http://10.0.0.7/admin" });
      return res.end();
    }
    if (path === "/huge") {
      res.writeHead(200, { "content-type": "text/html" });
      const block = `<p>${"filler text ".repeat(800)}</p>`;
      let sent = 0;
      const write = () => {
        while (sent < 8 * 1024 * 1024) {
          sent += block.length;
          if (!res.write(block)) return res.once("drain", write);
        }
        res.end();
      };
      res.on("error", () => {});
      return write();
    }
    if (path === "/image.png") {
      res.writeHead(200, { "content-type": "image/png" });
      return res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    }
    if (path === "/papers/field-notes.pdf" || path === "/papers/rock-pools-2024.pdf") {
      const titled = path.includes("field-notes");
      res.writeHead(200, { "content-type": "application/pdf" });
      return res.end(
        makePdf([["Anemones close when the tide goes out.", "Limpets return to the same scar on the rock."]], titled ? { title: "Tide pool field notes" } : {}),
      );
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  const port = await freePort();
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  project.provide("webPagesUrl", `http://127.0.0.1:${port}`);
  return () => new Promise((resolve) => server.close(() => resolve()));
}
