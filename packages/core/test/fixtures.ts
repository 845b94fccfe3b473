/**
 * Real fds for the core tests: fifos (named pipes), socketpairs and regular files, each closed when
 * its scope ends through the addon's fdClose (which stops the fd's poll handle, then closes it).
 */
import { Effect } from "effect"
import type * as Scope from "effect/Scope"
import { execFileSync } from "node:child_process"
import { closeSync, constants as fsc, mkdtempSync, openSync, readdirSync, readSync, rmSync, writeFileSync, writeSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Native } from "@greenfiber/core/hub"

const { native } = Native

/** Number of fds this process has open right now. */
export const openFdCount = (): number => readdirSync("/proc/self/fd").length

const closeFd = (fd: number) => Effect.sync(() => native.fdClose(fd))

const tmpDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "gf-core-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** A fifo with both ends open and non-blocking: `read` stays silent until someone writes to `write`. */
export const fifo: Effect.Effect<{ readonly read: number; readonly write: number }, never, Scope.Scope> = Effect.gen(
  function*() {
    const dir = yield* tmpDir
    const path = join(dir, "fifo")
    execFileSync("mkfifo", [path])
    const read = yield* Effect.acquireRelease(
      Effect.sync(() => openSync(path, fsc.O_RDONLY | fsc.O_NONBLOCK)),
      closeFd
    )
    const write = yield* Effect.acquireRelease(
      Effect.sync(() => openSync(path, fsc.O_WRONLY | fsc.O_NONBLOCK)),
      closeFd
    )
    return { read, write }
  }
)

/** A connected AF_UNIX stream socketpair. */
export const socketpair: Effect.Effect<readonly [number, number], never, Scope.Scope> = Effect.acquireRelease(
  Effect.sync(() => native.socketpair(native.constants.AF_UNIX!, native.constants.SOCK_STREAM!, 0) as [number, number]),
  ([a, b]) => Effect.andThen(closeFd(a), closeFd(b))
)

/** An fd on a regular file, which epoll refuses. */
export const regularFile: Effect.Effect<number, never, Scope.Scope> = Effect.gen(function*() {
  const dir = yield* tmpDir
  const path = join(dir, "plain.txt")
  writeFileSync(path, "plain")
  return yield* Effect.acquireRelease(Effect.sync(() => openSync(path, "r")), (fd) => Effect.sync(() => closeSync(fd)))
})

/** Writes to a non-blocking fd (pipe or socket) until the kernel buffer is full; returns the byte count. */
export const fill = (fd: number): number => {
  const chunk = new Uint8Array(65536)
  let total = 0
  for (;;) {
    try {
      total += writeSync(fd, chunk)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") return total
      throw e
    }
  }
}

/** Reads and drops everything readable on a non-blocking fd; returns the byte count. */
export const drain = (fd: number): number => {
  const buf = new Uint8Array(65536)
  let total = 0
  for (;;) {
    try {
      const n = readSync(fd, buf)
      if (n === 0) return total
      total += n
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") return total
      throw e
    }
  }
}
