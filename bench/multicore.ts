/**
 * `npm run bench -- multicore`: the multi-core echo server (examples/multicore-echo.ts: `serve` in N
 * worker_threads sharing one port through SO_REUSEPORT) with 1 and 2 workers (or the counts in
 * GREENFIBER_BENCH_WORKERS), driven by the same C
 * load client as bench/servers.ts: ping-pong round trips over 100 connections (64-byte messages)
 * and a connect storm (50 clients, each connecting, one echo, closing). Prints one markdown table.
 *
 * The load client runs on the same machine: on a 2-core box it takes a core's worth of CPU itself,
 * so 2 workers compete with it and the gain is well under 2x; each figure is the best of 3 runs.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync, mkdirSync, statSync } from "node:fs"
import { cpus } from "node:os"
import { dirname, join } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const clientSource = join(here, "loadclient.c")
const clientBinary = join(here, "bin", "loadclient")
const server = join(here, "..", "examples", "multicore-echo.ts")
const RUNS = 3

if (!existsSync(clientBinary) || statSync(clientBinary).mtimeMs < statSync(clientSource).mtimeMs) {
  mkdirSync(dirname(clientBinary), { recursive: true })
  execFileSync("cc", ["-O2", "-Wall", "-o", clientBinary, clientSource], { stdio: ["ignore", "ignore", "inherit"] })
}

const startServer = (workers: number): Promise<{ proc: ChildProcess; port: number }> =>
  new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [server, String(workers), "0", "--bench"], { stdio: ["pipe", "pipe", "inherit"] })
    createInterface({ input: proc.stdout! }).once("line", (line) => resolve({ proc, port: (JSON.parse(line) as { port: number }).port }))
    proc.once("exit", (code) => reject(new Error(`server exited (${code}) before listening`)))
  })

const load = (args: ReadonlyArray<string>): Record<string, number> =>
  JSON.parse(execFileSync(clientBinary, args, { encoding: "utf8" }).trim()) as Record<string, number>

const rows: Array<string> = []
const best: Record<number, { rps: number; cps: number }> = {}
// GREENFIBER_BENCH_WORKERS=1,2,4 on a machine with the cores for it.
const counts = (process.env.GREENFIBER_BENCH_WORKERS ?? "1,2").split(",").map(Number)
for (const workers of counts) {
  let rps = 0
  let cps = 0
  let p99 = 0
  for (let run = 0; run < RUNS; run++) {
    const { proc, port } = await startServer(workers)
    const ping = load(["pingpong", "--port", String(port), "--conns", "100", "--size", "64", "--duration", "3", "--warmup", "0.5"])
    const storm = load(["storm", "--port", String(port), "--conns", "50", "--duration", "3", "--warmup", "0.5"])
    if (ping.rps! > rps) {
      rps = ping.rps!
      p99 = ping.p99_us!
    }
    cps = Math.max(cps, storm.cps!)
    proc.stdin!.end()
    await new Promise((resolve) => proc.once("exit", resolve))
  }
  best[workers] = { rps, cps }
  rows.push(`| ${workers} | ${Math.round(rps).toLocaleString("en-US")} | ${p99} | ${Math.round(cps).toLocaleString("en-US")} |`)
}
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown"}; load client on the same machine; best of ${RUNS} runs.\n`)
console.log("| workers | ping-pong round trips/s (100 conns, 64 B) | p99 µs | connect storm conns/s (50 clients) |")
console.log("|---:|---:|---:|---:|")
for (const row of rows) console.log(row)
for (const n of counts.slice(1)) {
  console.log(`\n${n} workers vs ${counts[0]}: ${(best[n]!.rps / best[counts[0]!]!.rps).toFixed(2)}x round trips, ${(best[n]!.cps / best[counts[0]!]!.cps).toFixed(2)}x connections`)
}
