// Copies the dist files the site serves (and the axe-core script the browser tests inject)
// out of node_modules, so the repository holds only what is used. Source-map comments are
// dropped because the maps are not vendored (a hashed static storage would chase them).
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
  ["axe-core/axe.min.js", "tests/web/vendor/axe.min.js"],
  ["axe-core/LICENSE", "tests/web/vendor/axe-core-LICENSE"],
];

for (const [from, to] of files) {
  const source = join(import.meta.dirname, "node_modules", from);
  const target = join(root, to);
  mkdirSync(dirname(target), { recursive: true });
  if (/\.(css|js)$/.test(from)) {
    const text = readFileSync(source, "utf8").replace(/\n?\/[*/]# sourceMappingURL=\S+( \*\/)?\s*$/, "\n");
    writeFileSync(target, text);
  } else {
    cpSync(source, target);
  }
  console.log(`${from} -> ${to}`);
}
