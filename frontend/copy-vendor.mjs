// Copies the dist files the site serves (and the axe-core script the browser tests inject)
// out of node_modules, so the repository holds only what is used. Source-map comments are
// dropped because the maps are not vendored (a hashed static storage would chase them).
// A file that would fetch from another host is patched here (see `patches`), so every page,
// the API docs included, loads only what the site serves.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const root = join(import.meta.dirname, "..");
const files = [
  ["bootstrap/dist/css/bootstrap.min.css", "static/vendor/bootstrap/bootstrap.min.css"],
  ["bootstrap/dist/js/bootstrap.bundle.min.js", "static/vendor/bootstrap/bootstrap.bundle.min.js"],
  ["bootstrap/LICENSE", "static/vendor/bootstrap/LICENSE"],
  ["bootstrap-icons/font/bootstrap-icons.min.css", "static/vendor/bootstrap-icons/bootstrap-icons.min.css"],
  ["bootstrap-icons/font/fonts/bootstrap-icons.woff2", "static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff2"],
  ["bootstrap-icons/font/fonts/bootstrap-icons.woff", "static/vendor/bootstrap-icons/fonts/bootstrap-icons.woff"],
  ["bootstrap-icons/LICENSE", "static/vendor/bootstrap-icons/LICENSE"],
  ["chart.js/dist/chart.umd.min.js", "static/vendor/chart.js/chart.umd.min.js"],
  ["chart.js/LICENSE.md", "static/vendor/chart.js/LICENSE.md"],
  ["redoc/bundles/redoc.standalone.js", "static/vendor/redoc/redoc.standalone.js"],
  ["redoc/bundles/redoc.standalone.js.LICENSE.txt", "static/vendor/redoc/redoc.standalone.js.LICENSE.txt"],
  ["redoc/LICENSE", "static/vendor/redoc/LICENSE"],
  ["axe-core/axe.min.js", "tests/web/vendor/axe.min.js"],
  ["axe-core/LICENSE", "tests/web/vendor/axe-core-LICENSE"],
];

// ReDoc's sidebar footer always shows Redocly's logo from cdn.redoc.ly, which the
// Content-Security-Policy refuses (img-src 'self' data:). It becomes a small local mark,
// inlined as a data: URL so it does not depend on where static files are served from.
const LOCAL_LOGO =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E" +
  "%3Crect x='2' y='1' width='12' height='14' rx='2' fill='%2332329f'/%3E" +
  "%3Cpath d='M5 5h6M5 8h6M5 11h4' stroke='%23fff' stroke-width='1.5' stroke-linecap='round'/%3E" +
  "%3C/svg%3E";
const patches = {
  "redoc/bundles/redoc.standalone.js": [["https://cdn.redoc.ly/redoc/logo-mini.svg", LOCAL_LOGO]],
};

function patch(from, text) {
  for (const [outside, local] of patches[from] ?? []) {
    const found = text.split(outside).length - 1;
    if (found !== 1) {
      throw new Error(`${from}: expected "${outside}" once, found it ${found} times`);
    }
    text = text.replace(outside, local);
  }
  return text;
}

for (const [from, to] of files) {
  const source = join(import.meta.dirname, "node_modules", from);
  const target = join(root, to);
  mkdirSync(dirname(target), { recursive: true });
  if (/\.(css|js)$/.test(from)) {
    const text = patch(from, readFileSync(source, "utf8")).replace(/\n?\/[*/]# sourceMappingURL=\S+( \*\/)?\s*$/, "\n");
    writeFileSync(target, text);
  } else {
    cpSync(source, target);
  }
  console.log(`${from} -> ${to}`);
}
