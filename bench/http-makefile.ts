/**
 * HTTP/1.1 on `makefile`: a keep-alive server written as a gevent user writes one (`serve` runs a fiber
 * per connection; `f = sock.makefile("rwb")`; `readline` for the request line and each header up to
 * the blank line; one `write` of a small response with Content-Length; `flush`) against node:http's
 * `createServer` answering the same bytes (status line, the same headers in the same order, Date).
 *
 * Each server runs in a child process of its own, started fresh for every run and pinned to CPU 1
 * (taskset, when there are two CPUs); the load generator is ApacheBench (`ab`, from apache2-utils)
 * pinned to CPU 0, with 50 concurrent connections, with keep-alive (`-k`) and without. Each run
 * measures GF_BENCH_DURATION s (default 2) after GF_BENCH_WARMUP s (default 3) of the same load; the
 * best of GF_BENCH_REPEATS runs (default 3) is kept. Ratios are to node:http in this run.
 *
 * Run: node bench/http-makefile.ts (or `npm run bench -- http-makefile`). The servers load
 * @greenfiber/socket as the other benches do, from dist/ (build first); to measure src/ without a build,
 * run with NODE_OPTIONS=--conditions=@greenfiber/source.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import type * as net from "node:net"
import { canPin, pinned } from "./pin.ts"
import { printTable } from "./table.ts"

const self = fileURLToPath(import.meta.url)
const DURATION = Number(process.env.GF_BENCH_DURATION ?? 2)
const WARMUP = Number(process.env.GF_BENCH_WARMUP ?? 3)
const REPEATS = Math.max(1, Number(process.env.GF_BENCH_REPEATS ?? 3))
const CONCURRENCY = 50
const BODY = "Hello world\n"

const log = (msg: string) => process.stderr.write(`[http-makefile] ${msg}\n`)

// ---------------------------------------------------------------- servers (child processes)

/** The Date header as node:http writes it: the current second, formatted once per second. */
let dateSecond = -1
let dateText = ""
const httpDate = (): string => {
  const now = Date.now()
  const second = Math.floor(now / 1000)
  if (second !== dateSecond) {
    dateSecond = second
    dateText = new Date(now).toUTCString()
  }
  return dateText
}

const runNodeHttp = async (): Promise<void> => {
  const http = await import("node:http")
  const { announce } = await import("./servers/control.ts")
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain", "Content-Length": BODY.length })
    res.end(BODY)
  })
  server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, () => announce((server.address() as net.AddressInfo).port))
}

const runGreenfiber = async (): Promise<void> => {
  const Effect = await import("effect/Effect")
  const Cause = await import("effect/Cause")
  const S = await import("@greenfiber/socket")
  const { announce } = await import("./servers/control.ts")
  const encoder = new TextEncoder()
  const response = (keepAlive: boolean) =>
    encoder.encode(
      `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${BODY.length}\r\nDate: ${httpDate()}\r\n` +
        (keepAlive ? "Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n" : "Connection: close\r\n") + `\r\n${BODY}`
    )
  const latin1 = new TextDecoder("latin1")
  // Peers that reset or vanish end their handler quietly; a defect still reaches serve's log.
  const quiet = (cause: import("effect/Cause").Cause<unknown>) => Cause.hasDies(cause) ? Effect.failCause(cause) : Effect.void
  // As http.server / pywsgi: a request line or header longer than 64 KiB is refused.
  const MAX_LINE = 65537
  const handle = Effect.fnUntraced(function*(conn: import("@greenfiber/socket").Socket) {
    yield* conn.setsockopt(S.IPPROTO_TCP, S.TCP_NODELAY, 1)
    const f = yield* conn.makefile("rwb")
    while (true) {
      const requestLine = latin1.decode(yield* f.readline(MAX_LINE))
      if (requestLine.length === 0) return // the client closed between requests
      const version = requestLine.trimEnd().split(" ")[2]
      let connection = ""
      while (true) {
        const line = yield* f.readline(MAX_LINE)
        if (line.length === 0) return
        const header = latin1.decode(line).trimEnd()
        if (header.length === 0) break
        const colon = header.indexOf(":")
        if (colon > 0 && header.slice(0, colon).toLowerCase() === "connection") {
          connection = header.slice(colon + 1).trim().toLowerCase()
        }
      }
      const keepAlive = version === "HTTP/1.1" ? connection !== "close" : connection === "keep-alive"
      yield* f.write(response(keepAlive))
      yield* f.flush
      if (!keepAlive) return
    }
  }, (effect) => Effect.catchCause(effect, quiet))
  Effect.runFork(Effect.scoped(Effect.gen(function*() {
    const listener = yield* S.createServer(["127.0.0.1", 0], { backlog: 4096 })
    const address = (yield* listener.getsockname()) as readonly [string, number]
    announce(address[1])
    return yield* S.serve(listener, handle)
  })))
}

// ---------------------------------------------------------------- the harness


const firstLine = (proc: ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! })
    lines.once("line", resolve)
    proc.once("exit", (code) => reject(new Error(`exited with ${code}`)))
  })

interface AbResult {
  readonly rps: number
  readonly failed: number
  readonly non2xx: number
  readonly complete: number
}

/** Runs ab for `seconds` and reads its summary. */
const ab = (port: number, keepAlive: boolean, seconds: number): Promise<AbResult> =>
  new Promise((resolve, reject) => {
    // -n after -t: -t alone stops at 50,000 requests.
    const args = [...(keepAlive ? ["-k"] : []), "-q", "-c", String(CONCURRENCY), "-t", String(seconds), "-n", "100000000", `http://127.0.0.1:${port}/`]
    const [command, argv] = pinned(0, "ab", args)
    const proc = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    let err = ""
    proc.stdout!.on("data", (d: Buffer) => out += d.toString())
    proc.stderr!.on("data", (d: Buffer) => err = (err + d.toString()).slice(-2000))
    proc.on("exit", (code) => {
      const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0)
      const rps = num(/Requests per second:\s+([\d.]+)/)
      if (code !== 0 || rps === 0) return reject(new Error(`ab exited ${code}: ${err.trim() || out.slice(-500)}`))
      resolve({ rps, failed: num(/Failed requests:\s+(\d+)/), non2xx: num(/Non-2xx responses:\s+(\d+)/), complete: num(/Complete requests:\s+(\d+)/) })
    })
  })

const measure = async (server: string, keepAlive: boolean): Promise<AbResult> => {
  const srv = spawn(...pinned(1, process.execPath, [self, "server", server]), { stdio: ["pipe", "pipe", "inherit"] })
  try {
    const { port } = JSON.parse(await firstLine(srv)) as { port: number }
    if (WARMUP > 0) await ab(port, keepAlive, WARMUP)
    return await ab(port, keepAlive, DURATION)
  } finally {
    srv.stdin!.end()
    srv.kill()
  }
}

const main = async (): Promise<void> => {
  try {
    execFileSync("ab", ["-V"], { stdio: "ignore" })
  } catch {
    throw new Error("ab (ApacheBench) not found: install apache2-utils (apt-get install apache2-utils)")
  }
  const servers = [
    { key: "node-http", name: "node:http createServer" },
    { key: "greenfiber", name: "greenfiber makefile(\"rwb\") + readline" }
  ]
  for (const keepAlive of [true, false]) {
    const results = servers.map((s) => ({ ...s, all: [] as Array<AbResult> }))
    for (let i = 0; i < REPEATS; i++) {
      // Alternate the order so slow drift on a shared machine does not always favour one server.
      for (const r of i % 2 === 0 ? results : [...results].reverse()) {
        const got = await measure(r.key, keepAlive)
        r.all.push(got)
        log(`${keepAlive ? "keep-alive" : "close"} ${r.key} run ${i + 1}: ${got.rps.toFixed(0)} requests/s (${got.failed} failed, ${got.non2xx} non-2xx)`)
      }
    }
    const best = (r: (typeof results)[number]) => r.all.reduce((a, b) => (b.rps > a.rps ? b : a))
    const base = best(results[0]!).rps
    printTable(
      `HTTP/1.1 GET, ${BODY.length} B body, ab -c ${CONCURRENCY}${keepAlive ? " -k (keep-alive)" : " (a connection per request)"}, best of ${REPEATS}`,
      [
        ["server", "requests/s", "runs", "failed", "ratio to node:http"],
        ...results.map((r) => [
          r.name,
          best(r).rps.toFixed(0),
          r.all.map((a) => a.rps.toFixed(0)).join(" "),
          String(r.all.reduce((n, a) => n + a.failed + a.non2xx, 0)),
          (best(r).rps / base).toFixed(2)
        ])
      ]
    )
  }
  console.log(
    `\nab and each server in its own process${canPin ? ", ab pinned to CPU 0 and the server to CPU 1 (taskset)" : ""}; ` +
      `${DURATION} s measured after a ${WARMUP} s warm-up on a fresh server per run.`
  )
}

const [role, kind] = process.argv.slice(2)
if (role === "server") {
  if (kind === "node-http") await runNodeHttp()
  else if (kind === "greenfiber") await runGreenfiber()
  else throw new Error(`unknown server ${kind}`)
} else {
  await main()
}
