/**
 * Echo-server benchmark: greenfiber's `serve` against node:net and Effect's NodeSocketServer, all
 * driven by one load client written in C (bench/loadclient.c, built here into bench/bin/ when
 * missing or older than its source), so the client costs every server the same.
 *
 * Scenarios: ping-pong 64 B over 1 and 50 connections, bulk 64 KiB streaming, a connect+close storm,
 * and RSS per idle connection with 10,000 held connections. Each server runs in its own child process,
 * started fresh for every measurement so one scenario's heap cannot colour the next.
 *
 * Run: node bench/servers.ts (or `npm run bench`). Tables go to stdout (bench/run.ts writes them to
 * bench/RESULTS.md); progress goes to stderr.
 * Knobs: GF_BENCH_DURATION (seconds per throughput run, default 2), GF_BENCH_WARMUP (seconds of load
 * before each measurement, default 5), GF_BENCH_REPEATS (runs per server and scenario, best kept,
 * default 5), GF_BENCH_IDLE (idle connections, default 10000),
 * GF_BENCH_SERVERS (comma list of servers to run: node-net, effect-node, greenfiber-recv,
 * greenfiber-recvinto, node-net-loaded; default all),
 * GF_BENCH_SCENARIOS (comma list of pp1, pp50, bulk, storm, idle; default all).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs"
import { dirname, join } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { canPin, pinned } from "./pin.ts"
import { printTable } from "./table.ts"

const here = dirname(fileURLToPath(import.meta.url))
const DURATION = Number(process.env.GF_BENCH_DURATION ?? 2)
/**
 * Runs per server and scenario. On a shared 2-core machine one run varies by ±20-30% from the next
 * (node:net's ping-pong over 50 connections ranged from 93k to 157k round trips/s within one bench),
 * so the best of 5 is kept, and the median is shown beside it.
 */
const REPEATS = Math.max(1, Math.min(9, Number(process.env.GF_BENCH_REPEATS ?? 5)))
const IDLE = Number(process.env.GF_BENCH_IDLE ?? 10000)
/**
 * Seconds of load before measuring, for every server alike. The servers are long-running processes, so
 * the figures are for code the JIT has compiled: measured 1 s at a time from a fresh process under
 * ping-pong with 50 connections, greenfiber rose from about 0.6 of its steady rate to it over the
 * first 4 to 5 s (a large body of Effect code tiering up to optimized code), node:net within the first
 * second.
 */
const WARMUP = Number(process.env.GF_BENCH_WARMUP ?? 5)

interface ServerDef {
  readonly name: string
  /** Short name for GF_BENCH_SERVERS. */
  readonly key: string
  readonly file: string
  readonly args: ReadonlyArray<string>
  /** The scenarios it runs in, when not all of them. */
  readonly only?: ReadonlyArray<string>
}
const allServers: ReadonlyArray<ServerDef> = [
  { name: "node:net", key: "node-net", file: "node-net.ts", args: [] },
  { name: "Effect NodeSocketServer", key: "effect-node", file: "effect-node.ts", args: [] },
  // Two ways a greenfiber user writes the echo loop; the targets are judged for both.
  { name: "greenfiber serve, recv", key: "greenfiber-recv", file: "greenfiber.ts", args: ["recv"] },
  { name: "greenfiber serve, recvInto", key: "greenfiber-recvinto", file: "greenfiber.ts", args: ["recvInto"] },
  // A control, not a contender: node:net with greenfiber (and so Effect and Schema) loaded and unused.
  // Bulk echo is bound by V8's full collections, whose cost grows with the heap.
  { name: "node:net, greenfiber loaded", key: "node-net-loaded", file: "node-net.ts", args: ["loaded"], only: ["bulk"] }
]
const only = process.env.GF_BENCH_SERVERS?.split(",").map((s) => s.trim())
const servers = only === undefined ? allServers : allServers.filter((s) => only.includes(s.name) || only.includes(s.key))
const isGreenfiber = (def: ServerDef) => def.file === "greenfiber.ts"
const runsIn = (def: ServerDef, key: string) => def.only === undefined || def.only.includes(key)
const BASELINE = "node:net"
const scenarios = process.env.GF_BENCH_SCENARIOS?.split(",").map((s) => s.trim())
const wanted = (key: string) => scenarios === undefined || scenarios.includes(key)

const log = (msg: string) => process.stderr.write(`[servers] ${msg}\n`)
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------- the C load client

const clientSource = join(here, "loadclient.c")
const clientBinary = join(here, "bin", "loadclient")

/** Compiles the load client unless an up-to-date binary is already there. */
const buildClient = (): void => {
  if (existsSync(clientBinary) && statSync(clientBinary).mtimeMs >= statSync(clientSource).mtimeMs) return
  mkdirSync(dirname(clientBinary), { recursive: true })
  const flags = ["-O2", "-Wall", "-o", clientBinary, clientSource]
  const compilers: ReadonlyArray<ReadonlyArray<string>> = [["cc"], ["gcc"], ["clang"], ["g++", "-x", "c"]]
  const tried: Array<string> = []
  for (const [cc, ...pre] of compilers) {
    try {
      execFileSync(cc!, [...pre, ...flags], { stdio: ["ignore", "ignore", "pipe"] })
      log(`built ${clientBinary} with ${cc}`)
      return
    } catch (e) {
      tried.push(`${cc}: ${(e as Error).message.split("\n")[0]}`)
    }
  }
  throw new Error(`could not build the load client:\n${tried.join("\n")}`)
}

// ---------------------------------------------------------------- processes


/** A line-oriented child: its stdout lines arrive through `next`, each within a time limit. */
class Child {
  readonly proc: ChildProcess
  readonly lines: Array<string> = []
  stderr = ""
  exited: Promise<number | null>
  private wake: (() => void) | undefined = undefined

  constructor(command: string, args: ReadonlyArray<string>) {
    this.proc = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] })
    createInterface({ input: this.proc.stdout! }).on("line", (line) => {
      this.lines.push(line)
      this.wake?.()
    })
    this.proc.stderr!.on("data", (chunk: Buffer) => {
      // Keep only the tail: enough to explain a failure.
      this.stderr = (this.stderr + chunk.toString()).slice(-4000)
    })
    this.exited = new Promise((resolve) => this.proc.on("exit", (code) => {
      resolve(code)
      this.wake?.()
    }))
  }

  get pid(): number {
    return this.proc.pid!
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null
  }

  /** The next stdout line matching `test`, or an error after `ms` or when the child exits. */
  async next(test: (line: string) => boolean, ms: number, what: string): Promise<string> {
    const deadline = Date.now() + ms
    while (true) {
      const i = this.lines.findIndex(test)
      if (i >= 0) return this.lines.splice(0, i + 1).pop()!
      if (!this.running) throw new Error(`${what}: process exited (${this.proc.exitCode ?? this.proc.signalCode})\n${this.stderr}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`${what}: no answer within ${ms} ms\n${this.stderr}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000))
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.wake = undefined
    }
  }

  send(line: string): void {
    this.proc.stdin!.write(line + "\n")
  }

  /** Closes stdin (the polite stop), then SIGKILLs this child (by its own pid) if it lingers. */
  async stop(ms = 5000): Promise<void> {
    if (!this.running) return
    this.proc.stdin!.end()
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), ms)
    await this.exited
    clearTimeout(timer)
  }
}

const isJson = (line: string) => line.startsWith("{")

interface Server {
  readonly child: Child
  readonly port: number
}

const startServer = async (def: ServerDef): Promise<Server> => {
  const child = new Child(...pinned(1, process.execPath, ["--expose-gc", join(here, "servers", def.file), ...def.args]))
  try {
    const line = await child.next(isJson, 20_000, `${def.name} start`)
    const port = (JSON.parse(line) as { port: number }).port
    return { child, port }
  } catch (e) {
    await child.stop(1000)
    throw e
  }
}

/** Asks the server for two full GCs, waits until it has done them, and returns its JS heap in use. */
const serverGc = async (server: Server): Promise<number> => {
  server.child.send("gc")
  const reply = await server.child.next((l) => l.includes("\"gc\""), 10_000, "gc")
  return (JSON.parse(reply) as { heapUsed: number }).heapUsed
}

const rssBytes = (pid: number): number => {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
  if (m === null) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(m[1]) * 1024
}

type Json = Record<string, number | string>

/** User plus system CPU time of a process (all its threads) in µs, from /proc/PID/stat. */
const cpuMicros = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
  // Fields after the command name (which may hold spaces) start at its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
  const ticks = Number(fields[11]) + Number(fields[12]) // utime, stime (fields 14 and 15)
  return ticks * (1_000_000 / CLOCK_TICKS)
}
/** USER_HZ: 100 on every Linux this bench runs on (getconf CLK_TCK). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100
  } catch {
    return 100
  }
})()

/** Runs the load client to completion and returns its JSON result. */
const runClient = async (args: ReadonlyArray<string>, ms: number): Promise<Json> => {
  const client = new Child(...pinned(0, clientBinary, args))
  const timer = setTimeout(() => client.proc.kill("SIGKILL"), ms)
  const code = await client.exited
  clearTimeout(timer)
  const line = client.lines.filter(isJson).pop()
  if (line === undefined) throw new Error(`load client ${args[0]} gave no result (exit ${code})\n${client.stderr}`)
  const result = JSON.parse(line) as Json
  if (result.error !== undefined) throw new Error(`load client ${args[0]}: ${result.error}`)
  return result
}

// ---------------------------------------------------------------- scenarios

interface Throughput {
  readonly key: string
  readonly title: string
  readonly args: ReadonlyArray<string>
}
const throughputScenarios: ReadonlyArray<Throughput> = [
  { key: "pp1", title: "Ping-pong 64 B, 1 connection", args: ["pingpong", "--conns", "1", "--size", "64"] },
  { key: "pp50", title: "Ping-pong 64 B, 50 connections", args: ["pingpong", "--conns", "50", "--size", "64"] },
  { key: "bulk", title: "Bulk echo, 64 KiB writes, 1 connection", args: ["bulk", "--conns", "1", "--size", "65536"] },
  { key: "storm", title: "Connect+close storm, 50 concurrent connectors", args: ["storm", "--conns", "50"] }
]
/** The figure each scenario is judged on (higher is better). */
const figure: Record<string, (r: Json) => number> = {
  pp1: (r) => Number(r.rps),
  pp50: (r) => Number(r.rps),
  bulk: (r) => Number(r.mbps),
  storm: (r) => Number(r.cps)
}

const results = new Map<string, Map<string, Json | Error>>() // scenario -> server -> best result
const figures = new Map<string, Array<number>>() // `${scenario} ${server}` -> every run's figure
const record = (key: string, server: string, r: Json | Error) => {
  const byServer = results.get(key) ?? new Map<string, Json | Error>()
  results.set(key, byServer)
  if (!(r instanceof Error)) figures.set(`${key} ${server}`, [...(figures.get(`${key} ${server}`) ?? []), figure[key]!(r)])
  const old = byServer.get(server)
  if (r instanceof Error) {
    if (old === undefined) byServer.set(server, r)
    return
  }
  if (old === undefined || old instanceof Error || figure[key]!(r) > figure[key]!(old)) byServer.set(server, r)
}

const runThroughput = async (s: Throughput, def: ServerDef): Promise<void> => {
  let server: Server | undefined
  try {
    server = await startServer(def)
    const args = [...s.args, "--port", String(server.port), "--duration", String(DURATION), "--warmup", String(WARMUP)]
    // The server's CPU time over the measured window (from the end of the warm-up to the client's
    // exit): what each operation costs it, a figure the machine's noise moves far less than throughput.
    const pid = server.child.pid
    let cpuStart: number | undefined
    const sampler = setTimeout(() => cpuStart = cpuMicros(pid), WARMUP * 1000)
    const r = await runClient(args, (DURATION + WARMUP + 30) * 1000)
    clearTimeout(sampler)
    const ops = figure[s.key]!(r) * DURATION
    if (cpuStart !== undefined && ops > 0) r.cpu_us = (cpuMicros(pid) - cpuStart) / ops
    log(`${s.key} ${def.name}: ${line(s.key, r)}`)
    record(s.key, def.name, r)
  } catch (e) {
    log(`${s.key} ${def.name}: FAILED ${(e as Error).message}`)
    record(s.key, def.name, e as Error)
  } finally {
    await server?.child.stop()
  }
}

const line = (key: string, r: Json) =>
  (key === "bulk" ? `${r.mbps} MB/s` : key === "storm" ? `${r.cps} connects/s, ${r.errors} errors` : `${r.rps} rt/s p50 ${r.p50_us} µs p99 ${r.p99_us} µs`) +
  (r.cpu_us === undefined ? "" : `, server CPU ${fmtCpu(r.cpu_us)} µs per ${unitOf(key)}`)

const unitOf = (key: string) => key === "bulk" ? "MB" : key === "storm" ? "connection" : "round trip"
const fmtCpu = (us: number | string | undefined) => us === undefined ? "" : Number(us).toFixed(Number(us) < 100 ? 2 : 0)

interface IdleResult {
  readonly before: number
  readonly after: number
  readonly perConn: number
  readonly heapPerConn: number
  readonly readyS: number
  readonly alive: number
}
const idleResults = new Map<string, IdleResult | Error>()

const runIdle = async (def: ServerDef): Promise<void> => {
  let server: Server | undefined
  let client: Child | undefined
  try {
    server = await startServer(def)
    const heapBefore = await serverGc(server)
    await sleep(300)
    const before = rssBytes(server.child.pid)
    client = new Child(...pinned(0, clientBinary, ["idle", "--port", String(server.port), "--count", String(IDLE), "--parallel", "100", "--timeout", "60", "--hold", "120"]))
    await client.next((l) => l === "READY", 90_000, `idle client against ${def.name}`)
    // Let the server's fibers/handlers settle into their waits, then collect before reading RSS.
    await sleep(500)
    const heapAfter = await serverGc(server)
    await sleep(300)
    const after = rssBytes(server.child.pid)
    await client.stop(30_000)
    const r = JSON.parse(client.lines.filter(isJson).pop() ?? "{}") as Json
    if (Number(r.alive) !== IDLE) throw new Error(`only ${r.alive} of ${IDLE} idle connections were still open`)
    const result = { before, after, perConn: (after - before) / IDLE, heapPerConn: (heapAfter - heapBefore) / IDLE, readyS: Number(r.ready_s), alive: Number(r.alive) }
    log(`idle ${def.name}: ${(result.perConn / 1024).toFixed(2)} KiB per connection`)
    idleResults.set(def.name, result)
  } catch (e) {
    log(`idle ${def.name}: FAILED ${(e as Error).message}`)
    idleResults.set(def.name, e as Error)
  } finally {
    await client?.stop(5000)
    await server?.child.stop()
  }
}

// ---------------------------------------------------------------- report

const median = (xs: ReadonlyArray<number> | undefined): number | undefined => {
  if (xs === undefined || xs.length === 0) return undefined
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const ratioOf = (value: number, base: number | undefined) => (base === undefined || base === 0 ? undefined : value / base)
const fmtRatio = (r: number | undefined) => (r === undefined ? "n/a" : r.toFixed(2))
const int = (n: number) => Math.round(n).toString()

interface Target {
  readonly key: string
  readonly label: string
  readonly bound: number
  readonly higherIsBetter: boolean
}
const targets: ReadonlyArray<Target> = [
  { key: "pp50", label: "ping-pong 50 conn, round trips/s", bound: 1.05, higherIsBetter: true },
  { key: "bulk", label: "bulk MB/s", bound: 1.0, higherIsBetter: true },
  { key: "storm", label: "connects/s", bound: 1.0, higherIsBetter: true },
  { key: "idle", label: "memory per idle connection", bound: 1.0, higherIsBetter: false }
]
const targetOf = (key: string) => targets.find((t) => t.key === key)
const verdict = (t: Target | undefined, ratio: number | undefined) =>
  t === undefined || ratio === undefined ? "" : (t.higherIsBetter ? ratio >= t.bound : ratio <= t.bound) ? "met" : "NOT met"

const report = () => {
  console.log(
    `Each server is an echo server in its own Node process, started fresh for every run; the load client is ` +
      `bench/loadclient.c (one epoll loop, non-blocking sockets, TCP_NODELAY) on 127.0.0.1` +
      (canPin ? `, the server pinned to CPU 1 and the client to CPU 0 (taskset)` : ``) + `. Throughput runs last ` +
      `${DURATION} s after a ${WARMUP} s warm-up; the best of ${REPEATS} runs is kept (the median of the ${REPEATS} ` +
      `and its ratio are shown beside it). Ratios are to node:net ` +
      `in this run; targets apply to greenfiber. "Server CPU" is the server process's user plus system time ` +
      `over the measured ${DURATION} s of the kept run, per operation (its threads included; lower is better).`
  )
  for (const s of throughputScenarios.filter((s) => wanted(s.key))) {
    const byServer = results.get(s.key) ?? new Map()
    const base = byServer.get(BASELINE)
    const baseFig = base === undefined || base instanceof Error ? undefined : figure[s.key]!(base)
    const t = targetOf(s.key)
    const isPp = s.key.startsWith("pp")
    // Round trips per connection, fewest..most: a fair server keeps them close together.
    const fairness = s.key === "pp50"
    const cpuHead = `server CPU µs per ${unitOf(s.key)}`
    const medianHead = ["median of runs", "median ratio"]
    const head = isPp
      ? ["server", "round trips/s", "p50 µs", "p99 µs", ...(fairness ? ["per connection min..max"] : []), "errors", cpuHead, "ratio to node:net", ...medianHead]
      : s.key === "bulk"
      ? ["server", "MB/s echoed", "errors", cpuHead, "ratio to node:net", ...medianHead]
      : ["server", "connects/s", "errors", cpuHead, "ratio to node:net", ...medianHead]
    const baseMedian = median(figures.get(`${s.key} ${BASELINE}`))
    const fmtFig = (x: number | undefined) => x === undefined ? "n/a" : s.key === "bulk" ? x.toFixed(1) : int(x)
    if (t !== undefined) head.push(`target ≥ ${t.bound.toFixed(2)}`)
    const rows: Array<Array<string>> = [head]
    for (const def of servers.filter((d) => runsIn(d, s.key))) {
      const r = byServer.get(def.name)
      if (r === undefined || r instanceof Error) {
        const row = [def.name, "failed", ...Array(head.length - 2).fill("")]
        rows.push(row)
        continue
      }
      const ratio = ratioOf(figure[s.key]!(r), baseFig)
      const med = median(figures.get(`${s.key} ${def.name}`))
      const medianCells = [fmtFig(med), fmtRatio(med === undefined ? undefined : ratioOf(med, baseMedian))]
      const row = isPp
        ? [def.name, int(Number(r.rps)), String(r.p50_us), String(r.p99_us), ...(fairness ? [`${r.conn_min}..${r.conn_max}`] : []), String(r.errors), fmtCpu(r.cpu_us), fmtRatio(ratio), ...medianCells]
        : [def.name, s.key === "bulk" ? Number(r.mbps).toFixed(1) : int(Number(r.cps)), String(r.errors), fmtCpu(r.cpu_us), fmtRatio(ratio), ...medianCells]
      if (t !== undefined) row.push(isGreenfiber(def) ? verdict(t, ratio) : "")
      rows.push(row)
    }
    printTable(s.title, rows)
  }

  const idleBase = idleResults.get(BASELINE)
  if (wanted("idle")) printIdle(idleBase)
  printTargets(idleBase)
}

const printIdle = (idleBase: IdleResult | Error | undefined) => {
  const idleBaseFig = idleBase === undefined || idleBase instanceof Error ? undefined : idleBase.perConn
  const idleT = targetOf("idle")!
  const idleRows: Array<Array<string>> = [
    ["server", "RSS before MiB", "RSS held MiB", "RSS KiB per connection", "of which JS heap KiB", "ratio to node:net", `target ≤ ${idleT.bound.toFixed(2)}`]
  ]
  for (const def of servers.filter((d) => runsIn(d, "idle"))) {
    const r = idleResults.get(def.name)
    if (r === undefined || r instanceof Error) {
      idleRows.push([def.name, "failed", "", "", "", "", ""])
      continue
    }
    const ratio = ratioOf(r.perConn, idleBaseFig)
    const mib = (b: number) => (b / 2 ** 20).toFixed(1)
    idleRows.push([def.name, mib(r.before), mib(r.after), (r.perConn / 1024).toFixed(2), (r.heapPerConn / 1024).toFixed(2), fmtRatio(ratio), isGreenfiber(def) ? verdict(idleT, ratio) : ""])
  }
  printTable(`Memory: ${IDLE} idle connections, each after one echo (server VmRSS after a full GC)`, idleRows)
}

const printTargets = (idleBase: IdleResult | Error | undefined) => {
  const idleBaseFig = idleBase === undefined || idleBase instanceof Error ? undefined : idleBase.perConn
  const gfs = servers.filter(isGreenfiber)
  if (gfs.length === 0) return
  const ratioFor = (t: Target, def: ServerDef): number | undefined => {
    if (t.key === "idle") {
      const r = idleResults.get(def.name)
      return r === undefined || r instanceof Error ? undefined : ratioOf(r.perConn, idleBaseFig)
    }
    const byServer = results.get(t.key)
    const r = byServer?.get(def.name)
    const b = byServer?.get(BASELINE)
    return r === undefined || r instanceof Error || b === undefined || b instanceof Error ? undefined : ratioOf(figure[t.key]!(r), figure[t.key]!(b))
  }
  const summary: Array<Array<string>> = [["target (ratio to node:net)", "bound", ...gfs.map((g) => g.name)]]
  for (const t of targets) {
    summary.push([
      t.label,
      `${t.higherIsBetter ? "≥" : "≤"} ${t.bound.toFixed(2)}`,
      ...gfs.map((g) => {
        const ratio = ratioFor(t, g)
        return ratio === undefined ? "no figure" : `${fmtRatio(ratio)} ${verdict(t, ratio)}`
      })
    ])
  }
  printTable("Targets", summary)
}

// ---------------------------------------------------------------- main

const main = async () => {
  if (servers.length === 0) throw new Error(`GF_BENCH_SERVERS matched no server (${allServers.map((s) => s.name).join(", ")})`)
  buildClient()
  const t0 = Date.now()
  for (const s of throughputScenarios.filter((s) => wanted(s.key))) {
    for (let rep = 0; rep < REPEATS; rep++) {
      // Alternate the order so slow drift on a shared machine does not always favour the same server.
      const order = rep % 2 === 0 ? servers : [...servers].reverse()
      for (const def of order.filter((d) => runsIn(d, s.key))) await runThroughput(s, def)
    }
  }
  if (wanted("idle")) for (const def of servers.filter((d) => runsIn(d, "idle"))) await runIdle(def)
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`)
  report()
  // A failed baseline means no ratio can be trusted: say so through the exit code.
  const baseFailed = [...results.values()].some((m) => m.get(BASELINE) instanceof Error) || idleResults.get(BASELINE) instanceof Error
  process.exitCode = baseFailed ? 1 : 0
}

await main()
