/**
 * `npm run bench`: runs every benchmark in this folder in turn (each in its own process, so one's
 * heap cannot slow the next), echoes its tables and writes them all to bench/RESULTS.md with a
 * description of the machine. `npm run bench -- NAME...` runs only the named ones.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { existsSync, writeFileSync } from "node:fs"
import { cpus, totalmem, type as osType, release } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const all = ["wake-latency", "servers", "resolver", "tls", "http-makefile"]
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all
const benches = chosen.filter((name) => existsSync(join(here, `${name}.ts`)))

const machine = [
  `- CPU: ${cpus().length} × ${cpus()[0]?.model ?? "unknown"}`,
  `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  `- OS: ${osType()} ${release()}`,
  `- Node.js: ${process.version}`,
  `- Date: ${new Date().toISOString()}`
].join("\n")

const sections: Array<string> = []
let failed = false
for (const name of benches) {
  console.log(`\n=== ${name} ===`)
  const run = spawnSync(process.execPath, [join(here, `${name}.ts`)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
  process.stdout.write(run.stdout)
  if (run.status !== 0) {
    failed = true
    sections.push(`## ${name}\n\nFailed with exit code ${run.status}.\n`)
  } else {
    sections.push(`## ${name}\n\n${run.stdout.trim()}\n`)
  }
}

let commit = "unknown"
try {
  commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim()
} catch {
  // not a git checkout
}
const report = `# greenfiber benchmark results\n\nCommit ${commit}. Ratios compare against node:net measured in the same run.\n\n## Machine\n\n${machine}\n\n${
  sections.join("\n")
}`
if (benches.length === all.length) writeFileSync(join(here, "RESULTS.md"), report)
console.log(benches.length === all.length ? "\nWrote bench/RESULTS.md" : "\n(partial run: bench/RESULTS.md left as it was)")
process.exit(failed ? 1 : 0)
