/**
 * Multi-core echo server: `serve` in N worker_threads, each with a listener of its own on the same
 * port (SO_REUSEPORT), so the kernel spreads new connections across them and each worker's event
 * loop runs on a core of its own. The addon keeps its state per worker, and a worker that ends
 * (or is terminated) closes what it still holds.
 *
 *   npm run example -- multicore-echo [workers]                  200 clients, then the spread; exits
 *   npm run example -- multicore-echo [workers] --serve [port]   serve on port (8000) until Ctrl-C
 *
 * Each reply starts with the number of the worker that served it ("2: hello"), so the clients can
 * count. Without a worker count it uses every core (os.availableParallelism()).
 */
import { Console, Effect, Fiber } from "effect"
import { availableParallelism } from "node:os"
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads"
import { createConnection, createServer, IPPROTO_TCP, serve, type Socket, TCP_NODELAY } from "@greenfiber/socket"

const HOST = "127.0.0.1"
const encode = (s: string) => new TextEncoder().encode(s)
const decode = (b: Uint8Array) => new TextDecoder().decode(b)

/** One connection in a worker: every read comes back prefixed with this worker's number. */
const echo = (id: number) =>
  Effect.fnUntraced(function*(conn: Socket) {
    yield* conn.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)
    const prefix = encode(`${id}: `)
    while (true) {
      const data = yield* conn.recv(65536)
      if (data.length === 0) return
      yield* conn.sendall(id === 0 ? data : Buffer.concat([prefix, data]))
    }
  }, (effect) => Effect.catchTag(effect, "SocketError", () => Effect.void))

/** The worker: binds the shared port with SO_REUSEPORT, serves until the main thread says stop. */
const worker = (id: number, port: number, bare: boolean) =>
  Effect.scoped(Effect.gen(function*() {
    const listener = yield* createServer([HOST, port], { reusePort: true, backlog: 1024 })
    const [, bound] = (yield* listener.getsockname()) as readonly [string, number]
    const server = yield* Effect.forkChild(serve(listener, echo(bare ? 0 : id)))
    const stopped = Effect.callback<void>((resume) => {
      parentPort!.once("message", () => resume(Effect.void))
    })
    parentPort!.postMessage({ listening: bound })
    yield* stopped
    // serve stops accepting and lets running handlers finish (its stopTimeout), then the worker ends.
    yield* Fiber.interrupt(server)
  }))

/** Starts `count` workers on one port: the first picks it when `port` is 0, the others join it. */
const startWorkers = async (count: number, port: number, bare: boolean) => {
  const workers: Array<Worker> = []
  const start = (id: number, p: number) =>
    new Promise<number>((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url), { workerData: { id, port: p, bare } })
      workers.push(w)
      w.once("message", (m: { listening: number }) => resolve(m.listening))
      w.once("error", reject)
    })
  const shared = await start(1, port)
  await Promise.all(Array.from({ length: count - 1 }, (_, i) => start(i + 2, shared)))
  const stop = () =>
    Promise.all(workers.map((w) => new Promise<void>((resolve) => {
      w.once("exit", () => resolve())
      w.postMessage("stop")
    })))
  return { port: shared, stop }
}

/** The demo's clients: `total` connections, `parallel` at a time, each one line and its echo. */
const demo = (port: number, total: number, parallel: number) =>
  Effect.gen(function*() {
    const served = new Map<string, number>()
    yield* Effect.forEach(Array.from({ length: total }, (_, i) => i), (i) =>
      Effect.scoped(Effect.gen(function*() {
        const sock = yield* createConnection([HOST, port], { timeout: 5 })
        yield* sock.sendall(encode(`hello ${i}`))
        const reply = decode(yield* sock.recv(100))
        const [who, text] = reply.split(": ")
        if (text !== `hello ${i}`) return yield* Effect.fail(new Error(`client ${i}: got ${JSON.stringify(reply)}`))
        served.set(who!, (served.get(who!) ?? 0) + 1)
      })), { concurrency: parallel, discard: true })
    return served
  })

if (!isMainThread) {
  const { id, port, bare } = workerData as { id: number; port: number; bare: boolean }
  await Effect.runPromise(worker(id, port, bare))
} else {
  const args = process.argv.slice(2)
  const flags = new Set(args.filter((a) => a.startsWith("--")))
  const [countArg, portArg] = args.filter((a) => !a.startsWith("--"))
  const count = countArg === undefined ? availableParallelism() : Number(countArg)
  // --bench (bench/multicore.ts): serve a plain echo (no worker prefix) until stdin closes.
  const bench = flags.has("--bench")
  const serving = bench || flags.has("--serve")
  const port = portArg === undefined ? (serving && !bench ? 8000 : 0) : Number(portArg)
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error("usage: multicore-echo [workers] [--serve [port]]")
    process.exit(2)
  }
  const workers = await startWorkers(count, port, bench)
  if (!serving) {
    const served = await Effect.runPromise(demo(workers.port, 200, 20))
    await workers.stop()
    const spread = [...served.entries()].sort(([a], [b]) => Number(a) - Number(b))
    await Effect.runPromise(Console.log(
      `${count} workers on port ${workers.port} served 200 connections: ` +
        spread.map(([who, n]) => `worker ${who} ${n}`).join(", ")
    ))
  } else {
    // One JSON line (the harness reads the port from it), then serve until Ctrl-C or SIGTERM.
    console.log(JSON.stringify({ port: workers.port, workers: count, pid: process.pid }))
    let stopping = false
    const stop = () => {
      if (stopping) return
      stopping = true
      void workers.stop().then(() => process.exit(0))
    }
    process.on("SIGINT", stop)
    process.on("SIGTERM", stop)
    if (bench) {
      process.stdin.on("end", stop)
      process.stdin.resume()
    }
  }
}
