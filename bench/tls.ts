/**
 * TLS benchmark: greenfiber's `@greenfiber/socket/ssl` echo server against node:tls, in one run.
 *
 * Servers (each in a fresh child process per run):
 * - `node:tls`: `tls.createServer` over node:net, `socket.pipe(socket)` (the baseline);
 * - `node:tls over a JS Duplex on node:net`: a `tls.TLSSocket` over a pass-through `Duplex` on a
 *   node:net socket, no greenfiber involved: what any TLS socket over a JavaScript stream costs (Node
 *   puts its JSStreamSocket between the two, as it does for greenfiber's memory pipe);
 * - `node:tls over toDuplex` (engine A): a `tls.TLSSocket` over `toDuplex(conn)` of a greenfiber
 *   socket, piped to itself: ciphertext moves through a forked `recv` fiber per read;
 * - `greenfiber ssl, native engine` (the default): `wrapSocket` + `recvInto`/`sendall` loop; the
 *   addon drives Node's OpenSSL on the socket's fd;
 * - `greenfiber ssl, node engine` (the fallback, `GF_SSL_ENGINE=node`): the same loop, with a
 *   `tls.TLSSocket` driven over a memory pipe by the calling fiber.
 * The client is the same node:tls client for every server, in its own process: bulk echo streams
 * 64 KiB writes and counts echoed bytes; ping-pong sends 64 B and waits for them back, one
 * connection. Each run measures GF_BENCH_DURATION s (default 2) after GF_BENCH_WARMUP s (default 2);
 * the best of GF_BENCH_REPEATS runs (default 3) is kept. Ratios are to node:tls in this run.
 * GF_TLS_SCENARIOS (`bulk,pp`) and GF_TLS_SERVERS (`node-tls,jsstream,duplex,greenfiber,greenfiber-node`) pick a subset;
 * node:tls always runs, as the baseline.
 *
 * Run: node bench/tls.ts (or `npm run bench -- tls`).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import * as tls from "node:tls"
import type * as net from "node:net"
import { printTable } from "./table.ts"

const self = fileURLToPath(import.meta.url)
const DURATION = Number(process.env.GF_BENCH_DURATION ?? 2)
const WARMUP = Number(process.env.GF_BENCH_WARMUP ?? 2)
const REPEATS = Math.max(1, Number(process.env.GF_BENCH_REPEATS ?? 3))
const CHUNK = 65536
const PING = 64

const log = (msg: string) => process.stderr.write(`[tls] ${msg}\n`)

// ---------------------------------------------------------------- servers (child processes)

const runServer = async (kind: string, certFile: string, keyFile: string): Promise<void> => {
  const { announce } = await import("./servers/control.ts")
  const cert = readFileSync(certFile)
  const key = readFileSync(keyFile)
  if (kind === "node-tls") {
    const server = tls.createServer({ cert, key }, (s) => {
      s.setNoDelay(true)
      s.on("error", () => s.destroy())
      s.pipe(s)
    })
    server.listen(0, "127.0.0.1", () => announce((server.address() as net.AddressInfo).port))
    return
  }
  if (kind === "jsstream") {
    const net = await import("node:net")
    const { Duplex } = await import("node:stream")
    // The least a TLS socket over a JavaScript stream can cost: a pass-through Duplex on a node:net
    // socket (no greenfiber at all). Node wraps any such stream in its JSStreamSocket, as it does
    // greenfiber's memory pipe: this is the ceiling of that arrangement.
    class PassThroughSocket extends Duplex {
      readonly raw: net.Socket
      constructor(raw: net.Socket) {
        super()
        this.raw = raw
        raw.on("data", (d) => {
          if (!this.push(d)) raw.pause()
        })
        raw.on("end", () => this.push(null))
        raw.on("error", (e) => this.destroy(e))
      }
      override _read() {
        this.raw.resume()
      }
      override _write(chunk: Buffer, _: BufferEncoding, cb: (e?: Error | null) => void) {
        this.raw.write(chunk, cb)
      }
      override _writev(chunks: Array<{ chunk: Buffer }>, cb: (e?: Error | null) => void) {
        this.raw.cork()
        for (let i = 0; i < chunks.length - 1; i++) this.raw.write(chunks[i]!.chunk)
        this.raw.write(chunks[chunks.length - 1]!.chunk, cb)
        this.raw.uncork()
      }
      override _final(cb: () => void) {
        this.raw.end(cb)
      }
    }
    const server = net.createServer((raw) => {
      raw.setNoDelay(true)
      const t = new tls.TLSSocket(new PassThroughSocket(raw), { isServer: true, secureContext: tls.createSecureContext({ cert, key }) })
      t.on("error", () => t.destroy())
      t.pipe(t)
    })
    server.listen(0, "127.0.0.1", () => announce((server.address() as net.AddressInfo).port))
    return
  }
  const Effect = await import("effect/Effect")
  const S = await import("@greenfiber/socket")
  const ssl = await import("../packages/socket/src/ssl/index.ts")
  const secureContext = tls.createSecureContext({ cert, key })
  const ctx = new ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
  await Effect.runPromise(ctx.loadCertChain(certFile, keyFile))
  const handlers: Record<
    string,
    (conn: import("@greenfiber/socket").Socket) => import("effect/Effect").Effect<void, unknown, import("effect/Scope").Scope>
  > = {
    duplex: (conn) =>
      Effect.callback<void>((resume) => {
        const t = new tls.TLSSocket(S.toDuplex(conn), { isServer: true, secureContext })
        t.on("error", () => t.destroy())
        t.on("close", () => resume(Effect.void))
        t.pipe(t)
      }),
    greenfiber: Effect.fnUntraced(function*(conn) {
      yield* conn.setsockopt(S.IPPROTO_TCP, S.TCP_NODELAY, 1)
      const sock = yield* ctx.wrapSocket(conn, { serverSide: true })
      const buffer = Buffer.allocUnsafe(CHUNK)
      while (true) {
        const n = yield* sock.recvInto(buffer)
        if (n === 0) return
        yield* sock.sendall(buffer.subarray(0, n))
      }
    }, (effect) => Effect.ignore(effect))
  }
  const handler = handlers[kind]
  if (handler === undefined) throw new Error(`unknown server ${kind}`)
  Effect.runFork(Effect.scoped(Effect.gen(function*() {
    const listener = yield* S.createServer(["127.0.0.1", 0], { backlog: 128 })
    const address = (yield* listener.getsockname()) as readonly [string, number]
    announce(address[1])
    return yield* S.serve(listener, (conn) => Effect.ignore(handler(conn)))
  })))
}

// ---------------------------------------------------------------- the client (a child process)

const runClient = (mode: string, port: number, caFile: string): void => {
  const socket = tls.connect({ port, host: "127.0.0.1", servername: "localhost", ca: readFileSync(caFile) })
  socket.setNoDelay(true)
  let counted = 0
  let counting = false
  socket.on("error", (e) => {
    process.stderr.write(`client error ${e.message}\n`)
    process.exit(1)
  })
  socket.on("secureConnect", () => {
    setTimeout(() => {
      counting = true
      const t0 = performance.now()
      setTimeout(() => {
        const seconds = (performance.now() - t0) / 1000
        process.stdout.write(JSON.stringify({ perSecond: counted / seconds }) + "\n")
        process.exit(0)
      }, DURATION * 1000)
    }, WARMUP * 1000)
    if (mode === "bulk") {
      const block = Buffer.alloc(CHUNK, 0x61)
      const pump = () => {
        while (socket.write(block));
      }
      socket.on("drain", pump)
      socket.on("data", (d: Buffer) => {
        if (counting) counted += d.length
      })
      pump()
    } else {
      const ping = Buffer.alloc(PING, 0x62)
      let got = 0
      socket.on("data", (d: Buffer) => {
        got += d.length
        if (got >= PING) {
          got -= PING
          if (counting) counted++
          socket.write(ping)
        }
      })
      socket.write(ping)
    }
  })
}

// ---------------------------------------------------------------- the harness

const node = process.execPath

const firstLine = (proc: ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! })
    lines.once("line", resolve)
    proc.once("exit", (code) => reject(new Error(`exited with ${code}`)))
  })

const measure = async (server: string, mode: string, cert: string, key: string): Promise<number> => {
  // The node-engine row is the same greenfiber server with the engine forced.
  const forced = server === "greenfiber-node"
  const srv = spawn(node, [self, "server", forced ? "greenfiber" : server, cert, key], {
    stdio: ["pipe", "pipe", "inherit"],
    env: forced ? { ...process.env, GF_SSL_ENGINE: "node" } : process.env
  })
  try {
    const { port } = JSON.parse(await firstLine(srv)) as { port: number }
    const cli = spawn(node, [self, "client", mode, String(port), cert], { stdio: ["ignore", "pipe", "inherit"] })
    const { perSecond } = JSON.parse(await firstLine(cli)) as { perSecond: number }
    return perSecond
  } finally {
    srv.stdin!.end()
    srv.kill()
  }
}

const main = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), "gf-bench-tls-"))
  const cert = join(dir, "cert.pem")
  const key = join(dir, "key.pem")
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"], { stdio: "ignore" })
  const pick = (list: string | undefined) => (key: string) => list === undefined || list.split(",").includes(key)
  const servers = [
    { key: "node-tls", name: "node:tls" },
    { key: "jsstream", name: "node:tls over a JS Duplex on node:net" },
    { key: "duplex", name: "node:tls over toDuplex (A)" },
    { key: "greenfiber", name: "greenfiber ssl, native engine" },
    { key: "greenfiber-node", name: "greenfiber ssl, node engine" }
  ].filter((s) => s.key === "node-tls" || pick(process.env.GF_TLS_SERVERS)(s.key))
  const scenarios = [
    { key: "bulk", title: "TLS bulk echo, 64 KiB writes, 1 connection", unit: "MB/s echoed", scale: 1e-6, digits: 1 },
    { key: "pp", title: "TLS ping-pong 64 B, 1 connection", unit: "round trips/s", scale: 1, digits: 0 }
  ].filter((s) => pick(process.env.GF_TLS_SCENARIOS)(s.key))
  for (const scenario of scenarios) {
    const results: Array<{ name: string; best: number; all: Array<number> }> = []
    for (const server of servers) {
      const all: Array<number> = []
      for (let i = 0; i < REPEATS; i++) {
        all.push(await measure(server.key, scenario.key, cert, key))
        log(`${scenario.key} ${server.key} run ${i + 1}: ${(all.at(-1)! * scenario.scale).toFixed(scenario.digits)}`)
      }
      results.push({ name: server.name, best: Math.max(...all), all })
    }
    const base = results[0]!.best
    printTable(`${scenario.title} (best of ${REPEATS})`, [
      ["server", scenario.unit, "runs", "ratio to node:tls"],
      ...results.map((r) => [
        r.name,
        (r.best * scenario.scale).toFixed(scenario.digits),
        r.all.map((v) => (v * scenario.scale).toFixed(scenario.digits)).join(" "),
        (r.best / base).toFixed(2)
      ])
    ])
  }
}

const [role, a, b, c] = process.argv.slice(2)
if (role === "server") await runServer(a!, b!, c!)
else if (role === "client") runClient(a!, Number(b), c!)
else await main()
