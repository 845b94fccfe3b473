/**
 * Concurrent HTTP/1.1 fetch with a total deadline, after gevent's examples/concurrent_download.py
 * (`gevent.joinall(jobs, timeout=2)`): many pages fetched by a bounded number of fibers, each over its
 * own greenfiber socket; whatever has not arrived when the deadline passes is cancelled, and its
 * socket closed, by interruption.
 *
 * Self-contained: the pages come from a node:http server on 127.0.0.1 in the same process (greenfiber
 * sockets and node's own share one event loop). A few pages are deliberately slower than the deadline.
 *
 *   npm run example -- http-fetch
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { createConnection } from "@greenfiber/socket"

const PAGES = 60
const SLOW = 3
const CONCURRENCY = 10
const DEADLINE_SECONDS = 2
const encode = (s: string) => new TextEncoder().encode(s)
const decode = (b: Uint8Array) => new TextDecoder().decode(b)

/** The local web server: /page/N answers after a short, varying delay; /slow/N after 30 s. */
const startServer = () =>
  Effect.acquireRelease(
    Effect.callback<http.Server>((resume) => {
      const server = http.createServer((req, res) => {
        const [, kind, n] = (req.url ?? "").split("/")
        const body = `<html><title>${kind} ${n}</title><body>${"lorem ipsum ".repeat(100 + Number(n) * 10)}</body></html>`
        const delay = kind === "slow" ? 30_000 : 10 + ((Number(n) * 37) % 90)
        const timer = setTimeout(() => {
          res.writeHead(200, { "content-type": "text/html", "content-length": Buffer.byteLength(body) })
          res.end(body)
        }, delay)
        // A client that gave up (the deadline) closes its socket: stop the pending answer too.
        res.on("close", () => clearTimeout(timer))
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

/** One GET over a fresh connection, HTTP/1.1 with `Connection: close`; returns the status and body. */
const fetchPage = (port: number, path: string) =>
  Effect.gen(function*() {
    // The socket timeout (seconds) bounds each network wait; the total deadline is applied outside.
    const sock = yield* createConnection(["127.0.0.1", port], { timeout: 5 })
    yield* sock.sendall(encode(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`))
    const rfile = yield* sock.makefile("rb")
    const status = decode(yield* rfile.readline()).trim()
    const headers = new Map<string, string>()
    while (true) {
      const line = decode(yield* rfile.readline()).trim()
      if (line === "") break
      const colon = line.indexOf(":")
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
    }
    const length = Number(headers.get("content-length"))
    if (!status.startsWith("HTTP/1.1 200") || !Number.isInteger(length)) {
      return yield* Effect.fail(new Error(`${path}: unexpected response ${status}`))
    }
    const body = decode(yield* rfile.read(length))
    if (body.length !== length || !body.includes(`<title>${path.split("/").slice(1).join(" ")}</title>`)) {
      return yield* Effect.fail(new Error(`${path}: truncated or wrong body`))
    }
    return body
  }).pipe(Effect.scoped)

const main = Effect.gen(function*() {
  const server = yield* startServer()
  const port = (server.address() as AddressInfo).port
  // The slow pages go first, so they hold workers the whole time, as stuck downloads do.
  const paths = [
    ...Array.from({ length: SLOW }, (_, i) => `/slow/${i + 1}`),
    ...Array.from({ length: PAGES - SLOW }, (_, i) => `/page/${i + 1}`)
  ]
  const fetched = new Map<string, number>()
  const started = performance.now()

  const all = Effect.forEach(
    paths,
    (path) => Effect.map(fetchPage(port, path), (body) => void fetched.set(path, body.length)),
    { concurrency: CONCURRENCY, discard: true }
  )
  // The total deadline: when it passes, every fetch still running is interrupted (its socket closed).
  const finished = yield* Effect.timeoutOption(all, `${DEADLINE_SECONDS} seconds`)
  const seconds = ((performance.now() - started) / 1000).toFixed(2)

  const bytes = [...fetched.values()].reduce((a, b) => a + b, 0)
  const unfinished = paths.filter((p) => !fetched.has(p))
  yield* Console.log(`fetched ${fetched.size} of ${paths.length} pages (${bytes} bytes) with ${CONCURRENCY} fibers in ${seconds} s`)
  yield* Console.log(
    finished._tag === "Some"
      ? "all pages arrived before the deadline"
      : `deadline of ${DEADLINE_SECONDS} s reached: ${unfinished.length} unfinished, cancelled: ${unfinished.join(" ")}`
  )
}).pipe(Effect.scoped)

NodeRuntime.runMain(main)
