/**
 * `npm run demo`: greenfiber in one minute, self-contained on loopback.
 *
 * 1. An echo server with `serve`, one fiber per connection.
 * 2. A few thousand client fibers, each writing plain "blocking" socket code, with a progress display.
 * 3. A timeout policy and a cancelled wait in action.
 * 4. Name resolution through each resolver layer (a tiny DNS server on loopback answers the DNS ones).
 * 5. A summary table; exit code 0 when everything went as it should.
 */
import { Cause, Duration, Effect, Exit, Fiber, Layer } from "effect"
import { createSocket } from "node:dgram"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Resolver } from "@greenfiber/core"
import { Codec, layerAres, layerBlocking, layerDns, layerThread } from "@greenfiber/resolver"
import * as socket from "@greenfiber/socket"

const CLIENTS = Number(process.env.GF_DEMO_CLIENTS ?? 2000)
const ROUNDS = Number(process.env.GF_DEMO_ROUNDS ?? 20)
const MESSAGE = new Uint8Array(64).fill(0x61)
const problems: Array<string> = []

const say = (line: string) => Effect.sync(() => console.log(line))
const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`

// ---------------------------------------------------------------------------------------------
// 1. The echo server: gevent's StreamServer spirit, one fiber per connection.
const echoHandler = (conn: socket.Socket) =>
  Effect.gen(function*() {
    for (;;) {
      const data = yield* conn.recv(65536)
      if (data.length === 0) return
      yield* conn.sendall(data)
    }
  })

// ---------------------------------------------------------------------------------------------
// 2. Clients: each does ROUNDS round trips and records every latency.
const recvExactly = (sock: socket.Socket, n: number) =>
  Effect.gen(function*() {
    let got = 0
    while (got < n) {
      const chunk = yield* sock.recv(n - got)
      if (chunk.length === 0) return yield* Effect.fail(new socket.SocketError({ errno: 104, code: "ECONNRESET", message: "EOF before the echo" }))
      got += chunk.length
    }
  })

// The first round trip of each client also waits for the server to accept it (thousands of clients
// connect at once), so it is measured apart from the steady-state round trips.
const client = (port: number, latencies: { first: Array<number>; steady: Array<number> }, progress: { done: number }) =>
  Effect.scoped(Effect.gen(function*() {
    const t0 = performance.now()
    const sock = yield* socket.createConnection(["127.0.0.1", port], { timeout: 10 })
    for (let i = 0; i < ROUNDS; i++) {
      const t1 = i === 0 ? t0 : performance.now()
      yield* sock.sendall(MESSAGE)
      yield* recvExactly(sock, MESSAGE.length)
      ;(i === 0 ? latencies.first : latencies.steady).push(performance.now() - t1)
    }
    progress.done++
  }))

const showProgress = (progress: { done: number }) =>
  Effect.gen(function*() {
    const width = 30
    let lastQuarter = -1
    for (;;) {
      const fraction = progress.done / CLIENTS
      if (process.stdout.isTTY) {
        const filled = Math.round(fraction * width)
        process.stdout.write(`\r   [${"#".repeat(filled)}${".".repeat(width - filled)}] ${progress.done}/${CLIENTS} clients done`)
      } else if (Math.floor(fraction * 4) > lastQuarter) {
        lastQuarter = Math.floor(fraction * 4)
        console.log(`   ${progress.done}/${CLIENTS} clients done`)
      }
      yield* Effect.sleep(Duration.millis(100))
    }
  })

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

// ---------------------------------------------------------------------------------------------
// 3. Timeouts and cancellation.
const timeoutPolicy = (silentPort: number, echoPort: number) =>
  Effect.scoped(Effect.gen(function*() {
    yield* say("\n3. Timeouts and cancellation")
    // A per-socket timeout, as Python's settimeout: the peer accepts but never answers.
    const sock = yield* socket.createConnection(["127.0.0.1", silentPort])
    yield* sock.settimeout(0.2)
    const t0 = performance.now()
    const timedOut = yield* Effect.flip(sock.recv(1024))
    const took = (performance.now() - t0) / 1000
    yield* say(`   settimeout(0.2) on a silent peer: recv failed with ${timedOut._tag} "${timedOut.message}" after ${ms(took)}`)
    if (timedOut._tag !== "SocketTimeout" || took < 0.2) problems.push("socket timeout did not behave")

    // The same policy for a whole region, with withDefaultTimeout (Python's setdefaulttimeout, but scoped).
    const regional = yield* Effect.flip(Effect.scoped(Effect.gen(function*() {
      const s = yield* socket.createConnection(["127.0.0.1", silentPort])
      return yield* s.recv(1)
    })).pipe(socket.withDefaultTimeout(0.1)))
    yield* say(`   withDefaultTimeout(0.1) around a region: ${regional._tag} for every socket created inside`)
    if (regional._tag !== "SocketTimeout") problems.push("default timeout did not apply")

    // Effect.timeout interrupts a recv; the socket stays usable.
    const echo = yield* socket.createConnection(["127.0.0.1", echoPort], { timeout: 5 })
    const interrupted = yield* Effect.exit(Effect.timeout(echo.recv(1024), Duration.millis(50)))
    yield* echo.sendall(new TextEncoder().encode("still here"))
    const after = new TextDecoder().decode(yield* echo.recv(1024))
    yield* say(`   Effect.timeout(50 ms) interrupted a recv (${Exit.isFailure(interrupted) ? "failed as asked" : "?"}); the socket then echoed "${after}"`)
    if (!Exit.isFailure(interrupted) || after !== "still here") problems.push("interrupted recv left the socket broken")

    // close() from another fiber wakes the waiter with EBADF, as gevent's cancel_wait.
    const victim = yield* socket.createConnection(["127.0.0.1", silentPort])
    const reader = yield* Effect.forkChild(Effect.flip(victim.recv(1024)))
    yield* Effect.sleep(Duration.millis(20))
    yield* victim.close()
    const woken = yield* Fiber.join(reader)
    const detail = woken._tag === "SocketError" ? `${woken.code}: "${woken.message}"` : woken._tag
    yield* say(`   close() from another fiber woke the blocked recv with ${detail}`)
    if (woken._tag !== "SocketError" || woken.code !== "EBADF") problems.push("close did not wake the waiter")
  }))

// ---------------------------------------------------------------------------------------------
// 4. Resolvers: the OS layers answer localhost from the hosts file; the DNS layers ask a tiny DNS
// server on loopback (so the demo never sends a query off this machine).
const startDnsServer = (zone: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.callback<{ port: number; close: () => void }>((resume) => {
      const server = createSocket("udp4")
      server.on("message", (msg, peer) => {
        const decoded = Codec.decodeMessage(msg)
        if (decoded._tag !== "Success") return
        const query = decoded.success
        const question = query.questions[0]
        if (question === undefined) return
        const address = zone[question.name.toLowerCase()]
        const answers = address !== undefined && question.type === Codec.TYPE_A
          ? [{ name: question.name, type: Codec.TYPE_A, class: Codec.CLASS_IN, ttl: 60, data: { _tag: "A" as const, address } }]
          : []
        const reply = Codec.encodeMessage({
          ...query,
          qr: true,
          aa: true,
          ra: true,
          rcode: address === undefined ? Codec.RCODE_NXDOMAIN : Codec.RCODE_NOERROR,
          answers,
          authorities: [],
          additionals: []
        })
        if (reply._tag === "Success") server.send(reply.success, peer.port, peer.address)
      })
      server.bind(0, "127.0.0.1", () => resume(Effect.succeed({ port: server.address().port, close: () => server.close() })))
    }),
    (s) => Effect.sync(() => s.close())
  )

const resolvers = Effect.gen(function*() {
  yield* say("\n4. Resolving names through each resolver layer")
  const dir = yield* Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), "gf-demo-"))),
    (d) => Effect.sync(() => rmSync(d, { recursive: true, force: true }))
  )
  const hostsFile = join(dir, "hosts")
  writeFileSync(hostsFile, "127.0.0.1 localhost\n::1 localhost\n")
  const dns = yield* startDnsServer({ "demo.greenfiber.test": "10.20.30.40" })
  const nameserver = `127.0.0.1:${dns.port}`
  const layers: ReadonlyArray<readonly [string, Layer.Layer<never, unknown>, ReadonlyArray<string>]> = [
    ["blocking", layerBlocking as Layer.Layer<never, unknown>, ["localhost"]],
    ["thread", layerThread as Layer.Layer<never, unknown>, ["localhost"]],
    ["ares", layerAres({ nameservers: [nameserver], timeout: 1, tries: 1, hostsFile }) as Layer.Layer<never, unknown>, ["localhost", "demo.greenfiber.test"]],
    ["dns", layerDns({ nameservers: [nameserver], timeout: 1, attempts: 1, hostsFile }) as Layer.Layer<never, unknown>, ["localhost", "demo.greenfiber.test"]]
  ]
  for (const [name, layer, hosts] of layers) {
    const answers = yield* Effect.forEach(hosts, (host) =>
      Effect.gen(function*() {
        const resolver = yield* Resolver
        const t0 = performance.now()
        const ip = yield* resolver.gethostbyname(host)
        return `${host} -> ${ip} (${(performance.now() - t0).toFixed(1)} ms)`
      })).pipe(
        Effect.provide(layer as Layer.Layer<never>),
        Effect.catchCause((cause) => {
          problems.push(`resolver ${name} failed`)
          return Effect.succeed([`failed: ${Cause.pretty(cause).split("\n")[0]}`])
        })
      )
    yield* say(`   ${name.padEnd(8)} ${answers.join(", ")}`)
  }
})

// ---------------------------------------------------------------------------------------------
const main = Effect.scoped(Effect.gen(function*() {
  yield* say("greenfiber demo: gevent-style cooperative sockets on Effect fibers\n")
  const listener = yield* socket.createServer(["127.0.0.1", 0], { backlog: 4096 })
  const [, port] = (yield* listener.getsockname()) as readonly [string, number]
  yield* Effect.forkScoped(socket.serve(listener, echoHandler))
  yield* say(`1. Echo server listening on 127.0.0.1:${port} (one fiber per connection, via serve)`)

  // A peer that accepts connections and never says a word, for the timeout demonstrations.
  const silent = yield* socket.createServer(["127.0.0.1", 0])
  const [, silentPort] = (yield* silent.getsockname()) as readonly [string, number]
  yield* Effect.forkScoped(socket.serve(silent, () => Effect.never))

  yield* say(`\n2. ${CLIENTS} concurrent client fibers, ${ROUNDS} round trips of ${MESSAGE.length} B each`)
  const latencies = { first: [] as Array<number>, steady: [] as Array<number> }
  const progress = { done: 0 }
  const ticker = yield* Effect.forkChild(showProgress(progress))
  const t0 = performance.now()
  const results = yield* Effect.forEach(
    Array.from({ length: CLIENTS }),
    () => Effect.exit(client(port, latencies, progress)),
    { concurrency: CLIENTS }
  )
  const seconds = (performance.now() - t0) / 1000
  yield* Fiber.interrupt(ticker)
  if (process.stdout.isTTY) process.stdout.write("\n")
  const failures = results.filter(Exit.isFailure)
  if (failures.length > 0) {
    problems.push(`${failures.length} clients failed`)
    yield* say(`   first failure: ${Cause.pretty(failures[0]!.cause).split("\n")[0]}`)
  }
  yield* say(`   ${progress.done}/${CLIENTS} clients done in ${seconds.toFixed(2)} s`)

  yield* timeoutPolicy(silentPort, port)
  yield* Effect.scoped(resolvers)

  const sorted = [...latencies.steady].sort((a, b) => a - b)
  const first = [...latencies.first].sort((a, b) => a - b)
  const roundTrips = latencies.first.length + latencies.steady.length
  const rows = [
    ["clients", String(CLIENTS)],
    ["round trips", String(roundTrips)],
    ["round trips/s", Math.round(roundTrips / seconds).toLocaleString("en-US")],
    ["p50 latency", `${percentile(sorted, 50).toFixed(2)} ms`],
    ["p99 latency", `${percentile(sorted, 99).toFixed(2)} ms`],
    ["p99 connect + first echo", `${percentile(first, 99).toFixed(2)} ms`],
    ["errors", String(failures.length)],
    ["checks failed", String(problems.length)]
  ]
  const width = Math.max(...rows.map(([k]) => k!.length))
  yield* say("\n5. Summary")
  for (const [k, v] of rows) yield* say(`   ${k!.padEnd(width)}  ${v}`)
  if (problems.length > 0) {
    yield* say(`\nProblems: ${problems.join("; ")}`)
    return false
  }
  yield* say("\nAll good.")
  return true
}))

Effect.runPromise(main).then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
