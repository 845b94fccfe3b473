/**
 * `npm run example -- NAME`: runs examples/NAME.ts in a child Node process and exits with its code.
 * Without a name, or with an unknown one, it lists the examples.
 */
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
// Every .ts file here is an example, except this runner and the main demo (`npm run demo`).
const names = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && f !== "demo.ts")
  .map((f) => f.slice(0, -3))
  .sort()

const name = process.argv[2]
if (name === undefined || !names.includes(name)) {
  if (name !== undefined) console.error(`unknown example: ${name}\n`)
  console.log(`usage: npm run example -- NAME [args...]\n\nexamples:\n${names.map((n) => `  ${n}`).join("\n")}`)
  process.exit(name === undefined ? 0 : 2)
}
const run = spawnSync(process.execPath, [join(here, `${name}.ts`), ...process.argv.slice(3)], { stdio: "inherit" })
process.exit(run.status ?? 1)
