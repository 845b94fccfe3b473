/**
 * `summarize-reports.ts DIR PID...`: where each Node process of a hung run was, from the diagnostic
 * reports .ci/watchdog.sh asked for (command line, JavaScript stack, live libuv handles by type). A
 * process that wrote none has its event loop blocked: its command line and CPU seconds are printed.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const [dir, ...pids] = process.argv.slice(2)
const answered = new Set<number>()
for (const name of readdirSync(dir!).filter((f) => f.endsWith(".json"))) {
  let report: any
  try {
    report = JSON.parse(readFileSync(join(dir!, name), "utf8"))
  } catch (e) {
    console.log(`${name}: unreadable (${String(e)})`)
    continue
  }
  const header = report.header ?? {}
  answered.add(header.processId)
  const handles: Record<string, number> = {}
  for (const h of report.libuv ?? []) {
    if (!h.is_active) continue
    const key = `${h.type}${h.is_referenced ? "" : " (unref)"}`
    handles[key] = (handles[key] ?? 0) + 1
  }
  const stack = report.javascriptStack ?? {}
  console.log(`--- pid ${header.processId}: ${(header.commandLine ?? []).join(" ")}`)
  console.log(`javascript: ${stack.message ?? ""}`)
  for (const line of (stack.stack ?? []).slice(0, 25)) console.log(`  ${line}`)
  console.log(`active handles: ${JSON.stringify(handles)}`)
}
const ticks = 100 // USER_HZ
for (const pid of pids.map(Number).filter((p) => !answered.has(p))) {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ")
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    const cpu = (Number(fields[11]) + Number(fields[12])) / ticks
    console.log(`--- pid ${pid}: no report, event loop blocked (state ${fields[0]}, ${cpu} s of CPU): ${cmd}`)
  } catch {
    console.log(`--- pid ${pid}: gone`)
  }
}
