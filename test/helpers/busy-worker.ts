/**
 * A worker_threads worker for test/reliability-workers.test.ts that is never idle: a ping-pong over a
 * socketpair, so the addon delivers wake-ups into JS all the time and terminate() lands in the middle
 * of one (or of a syscall, or a re-arm) at some random point. Posts "go" once it runs.
 */
import * as S from "@greenfiber/socket"
import { Effect } from "effect"
import { parentPort } from "node:worker_threads"
const program = Effect.gen(function*() {
  const [a, b] = yield* S.socketpair()
  const msg = new Uint8Array(64)
  yield* Effect.forkChild(Effect.forever(Effect.flatMap(b.recv(64), (d) => b.sendall(d))))
  parentPort!.postMessage("go")
  while (true) {
    yield* a.sendall(msg)
    yield* a.recv(64)
  }
})
Effect.runFork(Effect.scoped(program))
