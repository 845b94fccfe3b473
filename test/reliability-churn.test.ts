/**
 * Churn: many mixed socket operations (connect, accept, sendall, recv, shutdown, close from another
 * fiber, Effect.timeout around calls, random fiber interrupts, peers that reset with SO_LINGER 0) over
 * TCP v4/v6 and Unix streams, hundreds of sockets at a time. Afterwards the process's open fds and the
 * addon's handles/watchers are exactly what they were before, and every byte a completed sendall sent
 * arrived in order (frames carry stream ids and sequence numbers; every byte is checked).
 *
 * Short version in `npm test`; GREENFIBER_STRESS=1 runs 100,000 operations. GREENFIBER_SEED replays a seed.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Fiber } from "effect"
import * as S from "@greenfiber/socket"
import {
  errorCode,
  frame,
  FrameReader,
  resetClose,
  Rng,
  seedFromEnv,
  settle,
  snapshot,
  STRESS
} from "./helpers/reliability.ts"

const OPS = STRESS ? 100_000 : 5_000
const WORKERS = STRESS ? 64 : 24
const MAX_FRAME = 1 << 20

type Mode =
  | "clean"
  | "interrupt-writer"
  | "timeout-sendall"
  | "socket-timeout"
  | "close-writer"
  | "reset-by-reader"
  | "reset-by-writer"
  | "close-reader"
  | "shutdown-rd"
  | "interrupt-reader"

const MODES: ReadonlyArray<readonly [Mode, number]> = [
  ["clean", 30],
  ["interrupt-writer", 8],
  ["timeout-sendall", 8],
  ["socket-timeout", 5],
  ["close-writer", 8],
  ["reset-by-reader", 9],
  ["reset-by-writer", 8],
  ["close-reader", 8],
  ["shutdown-rd", 6],
  ["interrupt-reader", 10]
]
/** Modes where the writer should be stuck in sendall when the fault hits: big frames, late reader. */
const BLOCKING = new Set<Mode>(["interrupt-writer", "timeout-sendall", "socket-timeout", "close-writer", "reset-by-reader"])
/** Modes where the reader should be waiting in recv when the fault hits: the writer starts late. */
const LATE_WRITER = new Set<Mode>(["close-reader", "shutdown-rd", "interrupt-reader"])

const pickMode = (rng: Rng): Mode => {
  const total = MODES.reduce((n, [, w]) => n + w, 0)
  let x = rng.next() * total
  for (const [m, w] of MODES) {
    if ((x -= w) < 0) return m
  }
  return "clean"
}

class Tally {
  ops = 0
  readonly opsBy: Record<string, number> = {}
  readonly faults: Record<string, number> = {}
  readonly modes: Record<string, number> = {}
  readonly violations: Array<string> = []
  peakSockets = 0
  liveSockets = 0
  bytesVerified = 0
  framesVerified = 0
  op(name: string, n = 1): void {
    this.ops += n
    this.opsBy[name] = (this.opsBy[name] ?? 0) + n
  }
  fault(name: string): void {
    this.faults[name] = (this.faults[name] ?? 0) + 1
  }
  opened(n: number): void {
    this.liveSockets += n
    if (this.liveSockets > this.peakSockets) this.peakSockets = this.liveSockets
  }
  get faultTotal(): number {
    return Object.values(this.faults).reduce((a, b) => a + b, 0)
  }
}

const failureOf = (exit: Exit.Exit<unknown, unknown>): string => {
  if (Exit.isSuccess(exit)) return "ok"
  const e = Cause.findErrorOption(exit.cause)
  if (e._tag === "Some") return errorCode(e.value)
  if (Cause.hasInterruptsOnly(exit.cause)) return "interrupted"
  return `defect: ${Cause.pretty(exit.cause)}`
}

interface WriterState {
  completed: number
  end: string
}

const writer = (
  t: Tally,
  rng: Rng,
  sock: S.Socket,
  id: number,
  sizes: ReadonlyArray<number>,
  timeoutMillis: number | undefined,
  state: WriterState
) =>
  Effect.gen(function*() {
    for (let seq = 0; seq < sizes.length; seq++) {
      const data = frame(id, seq, sizes[seq]!)
      const call = timeoutMillis === undefined ? sock.sendall(data) : Effect.timeout(sock.sendall(data), timeoutMillis)
      t.op("sendall")
      const exit = yield* Effect.exit(call)
      if (Exit.isFailure(exit)) {
        state.end = failureOf(exit)
        if (state.end === "TimeoutError") t.fault("timeout: Effect.timeout around sendall")
        if (state.end === "SocketTimeout") t.fault("timeout: socket timeout in sendall")
        return
      }
      state.completed++
      if (rng.chance(0.05)) yield* Effect.yieldNow
    }
    state.end = "ok"
  })

interface ReaderState {
  end: string
}

const reader = (t: Tally, rng: Rng, sock: S.Socket, parser: FrameReader, state: ReaderState) =>
  Effect.gen(function*() {
    while (true) {
      const size = rng.chance(0.05) ? rng.int(1, 16) : rng.pick([512, 4096, 65536, 262144])
      const timed = rng.chance(0.15)
      t.op("recv")
      const exit = yield* Effect.exit(timed ? Effect.timeout(sock.recv(size), rng.int(1, 8)) : sock.recv(size))
      if (Exit.isFailure(exit)) {
        const why = failureOf(exit)
        if (why === "TimeoutError") {
          t.fault("timeout: Effect.timeout around recv")
          continue
        }
        state.end = why
        return
      }
      if (exit.value.length === 0) {
        state.end = "eof"
        return
      }
      parser.push(exit.value)
    }
  })

interface Ends {
  readonly writer: S.Socket
  readonly reader: S.Socket
}

/** One stream between two connected sockets, with the fault `mode`; violations go to the tally. */
const runStream = (t: Tally, rng: Rng, seed: number, id: number, family: number, ends: Ends, mode: Mode) =>
  Effect.gen(function*() {
    t.modes[mode] = (t.modes[mode] ?? 0) + 1
    const tcp = family !== S.AF_UNIX
    const blocking = BLOCKING.has(mode)
    const n = blocking ? rng.int(1, 4) : rng.int(1, 24)
    const sizes = Array.from({ length: n }, () =>
      blocking ? rng.int(256 * 1024, MAX_FRAME) : rng.chance(0.1) ? rng.int(16 * 1024, 200 * 1024) : rng.int(0, 3000))
    const parser = new FrameReader(id, MAX_FRAME)
    const ws: WriterState = { completed: 0, end: "running" }
    const rs: ReaderState = { end: "running" }
    if (mode === "socket-timeout") {
      t.op("settimeout")
      yield* ends.writer.settimeout(0.002 + rng.next() * 0.02)
    }
    if (blocking) {
      // Small buffers, so the writer really waits in sendall when the fault hits.
      t.op("setsockopt", 2)
      yield* Effect.ignore(ends.writer.setsockopt(S.SOL_SOCKET, S.SO_SNDBUF, 16384))
      yield* Effect.ignore(ends.reader.setsockopt(S.SOL_SOCKET, S.SO_RCVBUF, 16384))
    }
    const sendallTimeout = mode === "timeout-sendall" ? rng.int(2, 20) : undefined
    const startWriter = Effect.forkChild(writer(t, rng, ends.writer, id, sizes, sendallTimeout, ws))
    const startReader = Effect.forkChild(reader(t, rng, ends.reader, parser, rs))
    const what = () => `seed ${seed} stream ${id} mode ${mode} family ${family}: writer ${ws.end} (${ws.completed}/${n}), reader ${rs.end} (${parser.frames} frames, ${parser.pending} pending)`
    const expect = (ok: boolean, message: string) => {
      if (!ok) t.violations.push(`${message} [${what()}]`)
    }
    const expectIn = (value: string, allowed: ReadonlyArray<string>, who: string) =>
      expect(allowed.includes(value), `${who} ended with ${value}, expected one of ${allowed.join("|")}`)

    let wf: Fiber.Fiber<void> | undefined
    let rf: Fiber.Fiber<void> | undefined
    if (!LATE_WRITER.has(mode)) wf = yield* startWriter
    if (!blocking) rf = yield* startReader
    const pause = rng.int(5, 25)
    switch (mode) {
      case "clean":
      case "reset-by-writer":
        break
      case "interrupt-writer":
        yield* Effect.sleep(pause)
        t.fault("interrupt: writer fiber")
        yield* Fiber.interrupt(wf!)
        if (ws.end === "running") ws.end = "interrupted"
        break
      case "timeout-sendall":
      case "socket-timeout":
        yield* Fiber.await(wf!)
        break
      case "close-writer":
        yield* Effect.sleep(pause)
        t.fault("close from another fiber: writer")
        t.op("close")
        yield* ends.writer.close()
        break
      case "reset-by-reader":
        yield* Effect.sleep(pause)
        t.fault("reset (SO_LINGER 0): reader side")
        t.op("close")
        yield* resetClose(ends.reader)
        break
      case "close-reader":
        yield* Effect.sleep(pause)
        t.fault("close from another fiber: reader")
        t.op("close")
        yield* ends.reader.close()
        break
      case "shutdown-rd":
        yield* Effect.sleep(pause)
        t.fault("shutdown(SHUT_RD) under a waiting reader")
        t.op("shutdown")
        yield* Effect.ignore(ends.reader.shutdown(S.SHUT_RD))
        break
      case "interrupt-reader":
        for (let i = rng.int(1, 3); i > 0; i--) {
          yield* Effect.sleep(rng.int(1, 10))
          t.fault("interrupt: reader fiber")
          yield* Fiber.interrupt(rf!)
          expect(rs.end === "running", "an interrupted reader had already ended")
          rf = yield* startReader
        }
        break
    }
    if (wf === undefined) wf = yield* startWriter
    if (rf === undefined) rf = yield* startReader
    yield* Fiber.await(wf)
    // The writer's half is done: finish the stream the way the mode says.
    if (mode === "reset-by-writer") {
      t.fault("reset (SO_LINGER 0): writer side")
      t.op("close")
      yield* resetClose(ends.writer)
    } else if (ends.writer.fileno() >= 0) {
      // Whatever happened to its calls, the writer's socket is still usable.
      t.op("getsockname")
      const name = yield* Effect.exit(ends.writer.getsockname())
      expect(Exit.isSuccess(name), "an interrupted socket is unusable")
      t.op("shutdown")
      const shut = yield* Effect.exit(ends.writer.shutdown(S.SHUT_WR))
      const peerGone = mode === "reset-by-reader" || mode === "close-reader" || mode === "shutdown-rd"
      expect(
        Exit.isSuccess(shut) || (peerGone && failureOf(shut) === "ENOTCONN"),
        `shutdown(SHUT_WR) failed: ${failureOf(shut)}`
      )
    }
    const readerDone = yield* Effect.exit(Effect.timeout(Fiber.await(rf), 15_000))
    expect(Exit.isSuccess(readerDone), "reader hung")
    t.op("close", 2)
    yield* ends.writer.close()
    yield* ends.reader.close()
    t.liveSockets -= 2

    // The checks. Bytes: never a wrong byte or a frame out of order.
    expect(parser.errors.length === 0, parser.errors.join("; "))
    const resetOrDead = mode === "reset-by-reader" || mode === "reset-by-writer" || mode === "close-reader" ||
      mode === "shutdown-rd"
    if (!resetOrDead) {
      // Every completed sendall arrived; at most the one frame an interrupted sendall was sending on top.
      const partial = ws.end !== "ok"
      expect(
        parser.frames >= ws.completed && parser.frames <= ws.completed + (partial ? 1 : 0),
        "frames received do not match the completed sendalls"
      )
      expect(partial || parser.pending === 0, "stray bytes after the last frame")
      expectIn(rs.end, ["eof"], "reader")
    }
    const resetCodes = ["ECONNRESET", "EPIPE"]
    switch (mode) {
      case "clean":
      case "interrupt-reader":
        expectIn(ws.end, ["ok"], "writer")
        break
      case "interrupt-writer":
        expectIn(ws.end, ["ok", "interrupted"], "writer")
        break
      case "timeout-sendall":
        expectIn(ws.end, ["ok", "TimeoutError"], "writer")
        break
      case "socket-timeout":
        expectIn(ws.end, ["ok", "SocketTimeout"], "writer")
        break
      case "close-writer":
        expectIn(ws.end, ["ok", "EBADF"], "writer")
        break
      case "reset-by-reader":
        expectIn(ws.end, ["ok", ...resetCodes], "writer")
        expectIn(rs.end, ["EBADF", "running"], "reader")
        break
      case "reset-by-writer":
        expectIn(ws.end, ["ok"], "writer")
        expectIn(rs.end, tcp ? ["eof", "ECONNRESET"] : ["eof"], "reader")
        break
      case "close-reader":
        expectIn(ws.end, ["ok", ...resetCodes], "writer")
        expectIn(rs.end, ["EBADF"], "reader")
        break
      case "shutdown-rd":
        expectIn(ws.end, ["ok", ...resetCodes], "writer")
        expectIn(rs.end, ["EBADF", "eof"], "reader")
        break
    }
    t.framesVerified += parser.frames
    t.bytesVerified += parser.bytes
  })

let listenerSeq = 0

/** One session: a listener, 1-4 connections made through it, a stream with a fault mode on each. */
const session = (t: Tally, rng: Rng, seed: number, streamIds: { next: number }) =>
  Effect.scoped(Effect.gen(function*() {
    const family = rng.pick(S.hasIpv6 ? [S.AF_INET, S.AF_INET, S.AF_INET6, S.AF_UNIX] : [S.AF_INET, S.AF_INET, S.AF_UNIX])
    let address: S.Address
    let listener: S.Socket
    if (family === S.AF_UNIX) {
      listener = yield* S.socket(S.AF_UNIX, S.SOCK_STREAM)
      address = `\0gf-churn-${process.pid}-${listenerSeq++}`
      yield* listener.bind(address)
      yield* listener.listen(16)
    } else {
      const host = family === S.AF_INET6 ? "::1" : "127.0.0.1"
      listener = yield* S.createServer([host, 0], { family })
      address = [host, ((yield* listener.getsockname()) as readonly [string, number])[1]]
    }
    t.op("listen")
    t.opened(1)
    const pairs: Array<Ends> = []
    const count = rng.int(1, 4)
    for (let i = 0; i < count; i++) {
      const client = yield* S.socket(family, S.SOCK_STREAM)
      t.opened(1)
      if (rng.chance(0.5)) yield* client.settimeout(10)
      t.op("connect")
      const connecting = yield* Effect.forkChild(Effect.timeout(client.connect(address), 10_000))
      if (rng.chance(0.05)) {
        // Interrupt the connect; whatever it got to, the socket closes cleanly and any connection the
        // kernel completed meanwhile is accepted and sees EOF or a reset.
        t.fault("interrupt: connect")
        yield* Fiber.interrupt(connecting)
        t.op("close")
        yield* client.close()
        t.liveSockets--
        t.op("accept")
        const orphan = yield* Effect.exit(Effect.timeout(listener.accept(), 50))
        if (Exit.isSuccess(orphan)) {
          const [sock] = orphan.value
          t.op("recv")
          const got = yield* Effect.exit(Effect.timeout(sock.recv(16), 2000))
          const end = Exit.isSuccess(got) ? (got.value.length === 0 ? "eof" : "data") : failureOf(got)
          if (end !== "eof" && end !== "ECONNRESET") t.violations.push(`seed ${seed}: orphan connection ended with ${end}`)
          yield* sock.close()
        } else if (failureOf(orphan) === "TimeoutError") {
          t.fault("timeout: Effect.timeout around accept")
        }
        break
      }
      t.op("accept")
      const accepted = yield* Effect.exit(Effect.timeout(listener.accept(), 10_000))
      const connected = yield* Fiber.await(connecting)
      if (Exit.isFailure(accepted) || Exit.isFailure(connected)) {
        t.violations.push(`seed ${seed}: connect ${failureOf(connected)} / accept ${failureOf(accepted)}`)
        yield* client.close()
        break
      }
      const server = accepted.value[0]
      t.opened(1)
      pairs.push(rng.chance(0.5) ? { writer: client, reader: server } : { writer: server, reader: client })
    }
    // Sometimes: an accept that times out, or one woken by the listener's close from another fiber.
    if (rng.chance(0.15)) {
      t.op("accept")
      const r = yield* Effect.exit(Effect.timeout(listener.accept(), rng.int(1, 5)))
      if (failureOf(r) === "TimeoutError") t.fault("timeout: Effect.timeout around accept")
      else t.violations.push(`seed ${seed}: idle accept ended with ${failureOf(r)}`)
    }
    yield* Effect.all(
      pairs.map((ends) => runStream(t, rng, seed, streamIds.next++, family, ends, pickMode(rng))),
      { concurrency: "unbounded", discard: true }
    )
    if (rng.chance(0.2)) {
      t.op("accept")
      const waiting = yield* Effect.forkChild(Effect.exit(listener.accept()))
      yield* Effect.sleep(rng.int(1, 3))
      t.fault("close from another fiber: listener in accept")
      t.op("close")
      yield* listener.close()
      const r = yield* Fiber.join(waiting)
      if (failureOf(r) !== "EBADF") t.violations.push(`seed ${seed}: accept on a closed listener ended with ${failureOf(r)}`)
    }
    t.op("close")
    yield* listener.close()
    t.liveSockets--
  }))

describe("churn", () => {
  it.live(`${OPS} mixed operations leave no fd, handle or watcher behind and lose no byte`, () =>
    Effect.gen(function*() {
      const seed = seedFromEnv()
      const rootRng = new Rng(seed)
      // Warm-up, so lazily opened process resources are in the baseline.
      yield* session(new Tally(), new Rng(seed ^ 0x5bd1e995), seed, { next: 1_000_000 })
      yield* Effect.sleep(20)
      const baseline = snapshot()
      const t = new Tally()
      const ids = { next: 0 }
      const started = performance.now()
      yield* Effect.all(
        Array.from({ length: WORKERS }, (_, w) => {
          const rng = new Rng((rootRng.next() * 2 ** 32) ^ w)
          return Effect.gen(function*() {
            while (t.ops < OPS) {
              if (rng.chance(0.03)) {
                // A whole session interrupted at a random moment: its scope must still close everything.
                const cut = yield* Effect.exit(Effect.timeout(session(t, rng, seed, ids), rng.int(1, 40)))
                if (failureOf(cut) === "TimeoutError") t.fault("interrupt: whole session (Effect.timeout)")
              } else {
                yield* session(t, rng, seed, ids)
              }
            }
          })
        }),
        { concurrency: "unbounded", discard: true }
      ).pipe(
        Effect.timeout(STRESS ? 600_000 : 40_000),
        Effect.catchCause((cause) => Effect.sync(() => t.violations.push(`seed ${seed}: run ended with ${Cause.pretty(cause)}`)))
      )
      const after = yield* settle(baseline)
      const summary = {
        seed,
        ops: t.ops,
        faultsInjected: t.faultTotal,
        streams: ids.next,
        framesVerified: t.framesVerified,
        bytesVerified: t.bytesVerified,
        peakSockets: t.peakSockets,
        seconds: Math.round((performance.now() - started) / 100) / 10,
        opsBy: t.opsBy,
        faults: t.faults,
        modes: t.modes,
        baseline,
        after
      }
      console.log(`churn summary: ${JSON.stringify(summary)}`)
      assert.deepStrictEqual(t.violations.slice(0, 20), [], `seed ${seed}: ${t.violations.length} violations`)
      assert.isAtLeast(t.ops, OPS)
      assert.isAbove(t.faultTotal, OPS / 100)
      assert.deepStrictEqual(after, baseline, `seed ${seed}: fds or native counts differ after the churn`)
    }), STRESS ? 900_000 : 60_000)
})
