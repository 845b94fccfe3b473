/**
 * Bad input against the native addon and the core API, driven by fast-check: every call returns an
 * errno, a typed failure or a value, and the process lives. fds in the argument space are either
 * invalid or a socketpair this test owns, so the fuzz can never touch the test runner's own fds.
 */
import { assert, describe, it } from "@effect/vitest"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { onTestFinished } from "vitest"
import { Cause, Effect, Exit } from "effect"
import fc from "fast-check"
import {
  cancelWait,
  constants as C,
  notifyClosing,
  OsResolver,
  SocketError,
  waitRead,
  wait,
  Watcher,
  withDefaultTimeout
} from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"

const { native } = Native
const RUNS = process.env.GREENFIBER_STRESS ? 20_000 : 1_500

const junk = fc.oneof(
  fc.constantFrom(undefined, null, NaN, Infinity, -Infinity, -1, 0.5, 2 ** 31, 2 ** 53, -(2 ** 31) - 1, "", "1", "\0", true),
  fc.double().filter((n) => !(n >= 0 && n <= 100_000 && Number.isInteger(n))),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).filter((n) => n < -1 || n > 100_000),
  fc.string(),
  fc.array(fc.anything(), { maxLength: 5 }),
  fc.object(),
  fc.uint8Array({ maxLength: 64 }),
  fc.constantFrom(new Float64Array(3), new Int32Array(2), new DataView(new ArrayBuffer(4)), new ArrayBuffer(8)),
  fc.tuple(fc.string(), fc.anything()),
  fc.tuple(fc.constantFrom("127.0.0.1", "::1", "256.1.1.1", "fe80::1%lo", "x"), fc.integer({ min: -5, max: 70_000 }))
)

/**
 * Junk in an fd's place: never a number that could name an open fd (0, 1, 2 are the test runner's own
 * stdio; bound or closed by a random call, they would leave socket files behind or break the worker).
 */
const fdJunk = junk.filter((u) => !(typeof u === "number" && Number.isInteger(u) && u >= 0 && u <= 100_000))

/** Any fuzz input as text: String() itself throws on null-prototype objects and symbols' coercion. */
const describeInput = (u: unknown): string => {
  try {
    return typeof u === "symbol" ? u.toString() : String(u)
  } catch {
    return Object.prototype.toString.call(u)
  }
}

const isSane = (r: unknown): boolean =>
  (typeof r === "number" && Number.isInteger(r) && r >= -4095) ||
  typeof r === "string" || Array.isArray(r) || r instanceof Uint8Array || (typeof r === "object" && r !== null)

describe("native addon under random arguments", () => {
  it("never throws, never aborts, always returns an errno or a value", () => {
    // A random bind of our Unix socketpair creates its file relative to the working directory.
    const cwd = process.cwd()
    const dir = mkdtempSync(join(tmpdir(), "gf-native-fuzz-"))
    process.chdir(dir)
    onTestFinished(() => {
      process.chdir(cwd)
      rmSync(dir, { recursive: true, force: true })
    })
    const [own, peer] = native.socketpair(C.AF_UNIX!, C.SOCK_STREAM!, 0) as [number, number]
    const fdArb = fc.oneof(fdJunk, fc.constant(own))
    const calls: Array<[string, fc.Arbitrary<Array<unknown>>]> = [
      ["ioOpen", fc.tuple(fdArb, junk)],
      ["ioStart", fc.tuple(junk)],
      ["ioStop", fc.tuple(junk)],
      ["ioClose", fc.tuple(junk)],
      ["fdActive", fc.tuple(fdArb)],
      ["fdClose", fc.tuple(fdJunk)],
      ["socket", fc.tuple(junk, junk, junk)],
      ["socketpair", fc.tuple(junk, junk, junk)],
      ["bind", fc.tuple(fdArb, junk, junk)],
      ["connect", fc.tuple(fdArb, junk, junk)],
      ["listen", fc.tuple(fdArb, junk)],
      ["accept", fc.tuple(fdArb)],
      ["recv", fc.tuple(fdArb, junk, junk, junk, junk)],
      ["recvfrom", fc.tuple(fdArb, junk, junk, junk, junk)],
      ["send", fc.tuple(fdArb, junk, junk, junk, junk)],
      ["sendto", fc.tuple(fdArb, junk, junk, junk, junk, junk, junk)],
      ["getsockoptInt", fc.tuple(fdArb, junk, junk)],
      ["getsockoptBytes", fc.tuple(fdArb, junk, junk, junk)],
      ["getsockname", fc.tuple(fdArb)],
      ["getpeername", fc.tuple(fdArb)],
      ["sendfile", fc.tuple(fdArb, fdArb, junk, junk)],
      ["strerror", fc.tuple(junk)],
      ["getnameinfoSync", fc.tuple(junk, junk, junk)],
      ["gaiStrerror", fc.tuple(junk)],
      // Names only with AI_NUMERICHOST forced, so no query ever leaves the machine.
      ["getaddrinfoSync", fc.tuple(junk, junk, junk, junk, junk, fc.constant(C.AI_NUMERICHOST))]
    ]
    let tried = 0
    for (const [name, args] of calls) {
      fc.assert(
        fc.property(args, (argv) => {
          tried++
          const fn = (native as unknown as Record<string, (...a: Array<unknown>) => unknown>)[name]!
          const r = fn(...argv)
          // A socket or pair that random arguments happened to create is closed right away.
          if (name === "socket" && typeof r === "number" && r >= 0) native.fdClose(r)
          if (name === "socketpair" && Array.isArray(r)) r.forEach((fd) => native.fdClose(fd as number))
          return isSane(r)
        }),
        { numRuns: Math.ceil(RUNS / 10) }
      )
    }
    assert.strictEqual(tried, calls.length * Math.ceil(RUNS / 10))
    // Watchers a random ioOpen created on our fd are still tracked: closing the fd releases them all.
    assert.strictEqual(native.fdClose(own), 0)
    assert.strictEqual(native.fdClose(peer), 0)
  })
})

const typedOrDefect = (exit: Exit.Exit<unknown, unknown>): boolean => {
  if (Exit.isSuccess(exit)) return true
  const failure = Cause.findErrorOption(exit.cause)
  if (failure._tag === "Some") {
    const e = failure.value as { _tag?: string }
    return typeof e === "object" && e !== null && typeof e._tag === "string"
  }
  return Cause.hasDies(exit.cause) || Cause.hasInterrupts(exit.cause)
}

describe("core API under random arguments", () => {
  it.live("every call ends in a value, a tagged failure or a clear defect", () =>
    Effect.gen(function*() {
      const samples = fc.sample(fc.tuple(junk, junk, junk, junk), RUNS)
      let typed = 0
      for (const [a, b, c, d] of samples) {
        const x = a as never
        const results = yield* Effect.all([
          Effect.exit(Effect.scoped(Effect.flatMap(Watcher.io(x, b as never), (w) => wait(w, { timeout: 0 })))),
          Effect.exit(waitRead(x, { timeout: c as never })),
          Effect.exit(notifyClosing(x)),
          Effect.exit(withDefaultTimeout(x)(Effect.void)),
          Effect.exit(OsResolver.blocking.getaddrinfo(x, b as never, c as never, d as never, 0, C.AI_NUMERICHOST!)),
          Effect.exit(OsResolver.thread.getnameinfo(x, b as never)),
          Effect.exit(OsResolver.blocking.gethostbyname(typeof a === "string" ? 0 as never : x))
        ])
        for (const exit of results as ReadonlyArray<Exit.Exit<unknown, unknown>>) {
          assert.isTrue(typedOrDefect(exit), `untyped failure for ${describeInput(a)}`)
          if (Exit.isFailure(exit)) typed++
        }
      }
      assert.isAbove(typed, RUNS)
      const stats = Watcher.stats()
      assert.strictEqual(stats.active, 0)
    }))

  it.live("cancelWait tolerates a watcher nobody waits on, repeatedly", () =>
    Effect.gen(function*() {
      const [a, b] = native.socketpair(C.AF_UNIX!, C.SOCK_STREAM!, 0) as [number, number]
      const w = yield* Watcher.make(a, Watcher.READ)
      for (let i = 0; i < 100; i++) yield* cancelWait(w, new SocketError({ errno: 1, code: "EPERM", message: "x" }))
      yield* Watcher.close(w)
      yield* Watcher.close(w)
      native.fdClose(a)
      native.fdClose(b)
    }))
})
