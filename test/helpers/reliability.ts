/**
 * Shared helpers of the socket-level reliability suites: seeded randomness, fd and watcher accounting,
 * abortive close (SO_LINGER 0), and sequence-numbered frames whose every byte can be checked on the
 * receiving side.
 */
import { Watcher } from "@greenfiber/core"
import * as S from "@greenfiber/socket"
import { Cause, Effect, Exit } from "effect"
import { readdirSync } from "node:fs"

export const STRESS = !!process.env.GREENFIBER_STRESS

/** The seed of a run: GREENFIBER_SEED when set (to replay a failure), otherwise a fresh one. */
export const seedFromEnv = (): number => {
  const env = process.env.GREENFIBER_SEED
  return env !== undefined && env !== "" ? Number(env) >>> 0 : (Math.random() * 2 ** 32) >>> 0
}

/** mulberry32: small, fast, seedable. */
export class Rng {
  private s: number
  constructor(seed: number) {
    this.s = seed >>> 0
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<A>(xs: ReadonlyArray<A>): A {
    return xs[Math.floor(this.next() * xs.length)]!
  }
}

/** Open fds of this process. */
export const fdCount = (): number => readdirSync("/proc/self/fd").length

export interface Snapshot {
  readonly fds: number
  readonly handles: number
  readonly watchers: number
  readonly active: number
}

export const snapshot = (): Snapshot => ({ fds: fdCount(), ...Watcher.stats() })

/**
 * Waits (a few ms at a time, up to `maxMillis`) until the fd count and the native counts are back to
 * `baseline`, leaving room for `uv_close` callbacks to run. Returns the last snapshot.
 */
export const settle = (baseline: Snapshot, maxMillis = 2000): Effect.Effect<Snapshot> =>
  Effect.gen(function*() {
    const until = performance.now() + maxMillis
    let now = snapshot()
    while (performance.now() < until) {
      if (
        now.fds === baseline.fds && now.handles === baseline.handles && now.watchers === baseline.watchers &&
        now.active === baseline.active
      ) return now
      yield* Effect.sleep(10)
      now = snapshot()
    }
    return now
  })

/** struct linger { int l_onoff = 1; int l_linger = 0; } in host order (little-endian on x86/arm). */
export const LINGER_ZERO = (() => {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setInt32(0, 1, true)
  new DataView(b.buffer).setInt32(4, 0, true)
  return b
})()

/** Abortive close: SO_LINGER {1, 0}, then close, so the peer gets an RST. */
export const resetClose = (sock: S.Socket): Effect.Effect<void> =>
  Effect.andThen(Effect.ignore(sock.setsockopt(S.SOL_SOCKET, S.SO_LINGER, LINGER_ZERO)), sock.close())

// ---------------------------------------------------------------------------------------------------
// Frames: [stream id u32][seq u32][length u32][payload], payload byte i = (id * 31 + seq * 7 + i) & 255.

export const HEADER = 12

export const frame = (id: number, seq: number, length: number): Uint8Array => {
  const out = new Uint8Array(HEADER + length)
  const view = new DataView(out.buffer)
  view.setUint32(0, id)
  view.setUint32(4, seq)
  view.setUint32(8, length)
  const base = (id * 31 + seq * 7) & 255
  for (let i = 0; i < length; i++) out[HEADER + i] = (base + i) & 255
  return out
}

/**
 * Incremental parser of one stream's frames. Every complete frame must carry the stream's id, the next
 * sequence number and the expected bytes; `errors` collects any violation (with the offset).
 */
export class FrameReader {
  readonly id: number
  readonly maxLength: number
  /** Complete, verified frames. */
  frames = 0
  /** Bytes received in total. */
  bytes = 0
  readonly errors: Array<string> = []
  private buf: Uint8Array = new Uint8Array(0)
  constructor(id: number, maxLength: number) {
    this.id = id
    this.maxLength = maxLength
  }
  /** Bytes of an incomplete trailing frame. */
  get pending(): number {
    return this.buf.length
  }
  push(chunk: Uint8Array): void {
    this.bytes += chunk.length
    if (this.errors.length > 0) return
    const joined = new Uint8Array(this.buf.length + chunk.length)
    joined.set(this.buf, 0)
    joined.set(chunk, this.buf.length)
    let off = 0
    while (joined.length - off >= HEADER) {
      const view = new DataView(joined.buffer, joined.byteOffset + off)
      const id = view.getUint32(0)
      const seq = view.getUint32(4)
      const length = view.getUint32(8)
      if (id !== this.id || seq !== this.frames || length > this.maxLength) {
        this.errors.push(`stream ${this.id}: bad header at byte ${this.bytes - chunk.length - this.buf.length + off}: id ${id} seq ${seq} (want ${this.frames}) length ${length}`)
        return
      }
      if (joined.length - off < HEADER + length) break
      const base = (id * 31 + seq * 7) & 255
      for (let i = 0; i < length; i++) {
        if (joined[off + HEADER + i] !== ((base + i) & 255)) {
          this.errors.push(`stream ${this.id}: frame ${seq} byte ${i} is ${joined[off + HEADER + i]}, want ${(base + i) & 255}`)
          return
        }
      }
      off += HEADER + length
      this.frames++
    }
    this.buf = joined.slice(off)
  }
}

/** A listening TCP socket on loopback (v4 or v6), and the address to reach it. */
export const tcpListener = (family: number = S.AF_INET, backlog = 128) =>
  Effect.gen(function*() {
    const host = family === S.AF_INET6 ? "::1" : "127.0.0.1"
    const server = yield* S.createServer([host, 0], { family, backlog })
    const [, port] = (yield* server.getsockname()) as readonly [string, number]
    return { server, address: [host, port] as const }
  })

export const errorCode = (e: unknown): string => {
  if (typeof e !== "object" || e === null || !("_tag" in e)) return String(e)
  const tagged = e as { readonly _tag: string; readonly code?: string }
  return tagged._tag === "SocketError" ? String(tagged.code) : tagged._tag
}

/** The failure of an exit as [tag or "defect", code or message]. */
export const outcome = (exit: Exit.Exit<unknown, unknown>): readonly [string, string] => {
  if (Exit.isSuccess(exit)) return ["success", ""]
  const fail = exit.cause.reasons.find(Cause.isFailReason)
  if (fail !== undefined) {
    const e = fail.error as { _tag: string; code?: string; message?: string }
    return [e._tag, e.code ?? e.message ?? ""]
  }
  const die = exit.cause.reasons.find(Cause.isDieReason)
  return ["defect", die !== undefined ? String((die.defect as Error)?.message ?? die.defect) : "interrupt"]
}
