/**
 * Run by test/reliability-exhaustion.test.ts under a low RLIMIT_NOFILE (`prlimit --nofile=N:N`).
 *
 * 1. `socket()`, `socketpair()` and `createServer()` at the limit fail with a typed SocketError EMFILE.
 * 2. `serve` on a loopback listener, with handlers that hold their connection until the client closes:
 *    the parent connects more clients than there are fds, `accept` hits EMFILE, `serve` backs off and
 *    goes on as the parent closes served clients. When `total` connections were served it stops.
 *
 * Prints one JSON line `{"ready": port, ...}` when listening, one `{"result": ...}` line at the end, and
 * exits 0 (1 on a failed check, 2 on a timeout).
 */
import { Watcher } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { Deferred, Effect, Exit, Fiber, Logger } from "effect"
import { readdirSync } from "node:fs"

const total = Number(process.argv[2] ?? 100)
const fdCount = () => readdirSync("/proc/self/fd").length
const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`)
const failures: Array<string> = []
const check = (ok: boolean, what: string) => {
  if (!ok) failures.push(what)
}

let emfileWarnings = 0
const countingLogger = Logger.make<unknown, void>(({ message }) => {
  const text = Array.isArray(message) ? message.join(" ") : String(message)
  if (text.includes("EMFILE")) emfileWarnings++
})

const typedEmfile = (exit: Exit.Exit<unknown, unknown>): string => {
  if (Exit.isSuccess(exit)) return "success"
  const e = exit.cause.reasons.find((r) => r._tag === "Fail") as { error: { _tag: string; code?: string; errno?: number } } | undefined
  if (e === undefined) return "no typed failure"
  return e.error._tag === "SocketError" ? `${e.error.code}/${e.error.errno}` : e.error._tag
}

// Where each connection's handler is (by the id the client sent; -n for the n-th one not yet known),
// so a hang says which step never ended: printed on SIGHUP, which the test sends before giving up.
const stages = new Map<number, string>()
let phase = "start"
let served = 0
let open = 0
let accepted = 0
process.on("SIGHUP", () => {
  const notDone: Record<string, string> = {}
  for (const [id, stage] of stages) if (stage !== "done") notDone[id] = stage
  let fds: number | string
  try {
    fds = fdCount()
  } catch (e) {
    fds = String(e)
  }
  out({ state: { phase, accepted, served, open, emfileWarnings, notDone, fds, stats: Watcher.stats() } })
})

const program = Effect.gen(function*() {
  const fdsAtStart = fdCount()
  // 1. Fill the table with sockets until socket() fails.
  const atLimit = yield* Effect.scoped(Effect.gen(function*() {
    let opened = 0
    let last: Exit.Exit<unknown, unknown>
    while (true) {
      last = yield* Effect.exit(S.socket(S.AF_INET, S.SOCK_STREAM))
      if (Exit.isFailure(last)) break
      opened++
      if (opened > 100_000) break
    }
    const socketpair = typedEmfile(yield* Effect.exit(S.socketpair()))
    const server = typedEmfile(yield* Effect.exit(S.createServer(["127.0.0.1", 0])))
    const udp = typedEmfile(yield* Effect.exit(S.socket(S.AF_INET6, S.SOCK_DGRAM)))
    return { opened, socket: typedEmfile(last), socketpair, createServer: server, udp6: udp }
  }))
  yield* Effect.sleep(20)
  const fdsAfterFill = fdCount()

  // 2. serve past the limit.
  const result = yield* Effect.scoped(Effect.gen(function*() {
    const listener = yield* S.createServer(["127.0.0.1", 0], { backlog: 1024 })
    const [, port] = (yield* listener.getsockname()) as readonly [string, number]
    phase = "serve"
    let peak = 0
    const ids = new Set<number>()
    const bad: Array<string> = []
    const allServed = yield* Deferred.make<void>()
    const handler = (conn: S.Socket) => {
      let key = -++accepted
      const stage = (what: string) => stages.set(key, what)
      return Effect.gen(function*() {
        open++
        peak = Math.max(peak, open)
        stage("readline")
        yield* conn.settimeout(20)
        const f = yield* conn.makefile("rwb")
        const line = new TextDecoder().decode(yield* f.readline())
        const m = /^hello (\d+)\n$/.exec(line)
        if (m === null) {
          bad.push(line)
          return
        }
        const id = Number(m[1])
        stages.delete(key)
        key = id
        stage("write")
        if (ids.has(id)) bad.push(`twice: ${id}`)
        ids.add(id)
        yield* f.write(new TextEncoder().encode(`served ${id}\n`))
        yield* f.flush
        stage("recv until the client closes")
        // Hold the fd until the client closes.
        const rest = yield* conn.recv(16)
        if (rest.length !== 0) bad.push(`extra bytes from ${id}`)
        stage("close file")
        yield* f.close
      }).pipe(
        Effect.onExit((exit) => Effect.sync(() => stage(Exit.isSuccess(exit) ? "done" : `ended after ${stages.get(key)}: ${exit.cause}`))),
        Effect.ensuring(Effect.suspend(() => {
          open--
          served++
          return served >= total ? Deferred.succeed(allServed, undefined) : Effect.void
        }))
      )
    }
    const server = yield* Effect.forkChild(S.serve(listener, handler, { stopTimeout: 5 }))
    out({ ready: port, fds: fdCount(), limitRoom: fdsAfterFill })
    yield* Deferred.await(allServed)
    phase = "stopping the server"
    yield* Fiber.interrupt(server)
    phase = "closing the listener"
    return { served, distinct: ids.size, peakOpenConnections: peak, bad }
  }))
  phase = "final checks"
  yield* Effect.sleep(50)
  const stats = Watcher.stats()
  const fdsAtEnd = fdCount()
  check(atLimit.socket === "EMFILE/24", `socket() at the limit: ${atLimit.socket}`)
  check(atLimit.socketpair === "EMFILE/24", `socketpair() at the limit: ${atLimit.socketpair}`)
  check(atLimit.createServer === "EMFILE/24", `createServer() at the limit: ${atLimit.createServer}`)
  check(fdsAfterFill === fdsAtStart, `fds after the fill: ${fdsAfterFill}, at start ${fdsAtStart}`)
  check(fdsAtEnd === fdsAtStart, `fds at the end: ${fdsAtEnd}, at start ${fdsAtStart}`)
  check(stats.handles === 0 && stats.watchers === 0 && stats.active === 0, `native counts ${JSON.stringify(stats)}`)
  out({ result: { ...atLimit, ...result, emfileWarnings, fdsAtStart, fdsAtEnd, stats, failures } })
  return failures.length === 0 ? 0 : 1
})

const code = await Effect.runPromise(
  program.pipe(
    Effect.provide(Logger.layer([countingLogger])),
    Effect.timeoutOrElse({ duration: 40_000, orElse: () => Effect.sync(() => (out({ error: "timeout" }), 2)) })
  )
)
process.exit(code)
