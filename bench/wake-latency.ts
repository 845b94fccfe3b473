/**
 * Wake-up latency: two fibers ping-pong one byte over an AF_UNIX socketpair, each waiting with
 * `wait` on its own watcher, against two node:net sockets doing the same on their 'readable' events
 * over the same kind of pair. Each round trip is two wake-ups. Run: node bench/wake-latency.ts
 */
import { Effect } from "effect"
import { Socket } from "node:net"
import { constants as C, wait, Watcher } from "@greenfiber/core"
import { Native } from "@greenfiber/core/hub"
import { printTable } from "./table.ts"

const { native } = Native
const ROUNDS = Number(process.env.GF_BENCH_ROUNDS ?? 20000)
const REPEATS = 3

const pair = () => native.socketpair(C.AF_UNIX!, C.SOCK_STREAM!, 0) as [number, number]

const greenfiberRun = (rounds: number): Promise<number> => {
  const [a, b] = pair()
  const byte = new Uint8Array([1])
  const buf = new Uint8Array(64)
  const side = (fd: number, serve: boolean) =>
    Effect.scoped(Effect.gen(function*() {
      const watcher = yield* Watcher.io(fd, Watcher.READ)
      if (!serve) native.send(fd, byte, 0, 1, 0)
      for (let i = 0; i < rounds; i++) {
        let n = native.recv(fd, buf, 0, 64, 0)
        while (n < 0) {
          yield* wait(watcher)
          n = native.recv(fd, buf, 0, 64, 0)
        }
        if (serve || i < rounds - 1) native.send(fd, byte, 0, 1, 0)
      }
    }))
  const t0 = performance.now()
  return Effect.runPromise(Effect.all([side(a, true), side(b, false)], { concurrency: 2 })).then(() => {
    const ms = performance.now() - t0
    native.fdClose(a)
    native.fdClose(b)
    return ms
  })
}

const nodeRun = (rounds: number): Promise<number> =>
  new Promise((resolve) => {
    const [a, b] = pair()
    const sa = new Socket({ fd: a, readable: true, writable: true })
    const sb = new Socket({ fd: b, readable: true, writable: true })
    const byte = Buffer.from([1])
    let count = 0
    const t0 = performance.now()
    sa.on("readable", () => {
      while (sa.read() !== null) sa.write(byte)
    })
    sb.on("readable", () => {
      while (sb.read() !== null) {
        if (++count === rounds) {
          const ms = performance.now() - t0
          sa.destroy()
          sb.destroy()
          resolve(ms)
          return
        }
        sb.write(byte)
      }
    })
    sb.write(byte)
  })

const best = async (run: (n: number) => Promise<number>) => {
  await run(1000) // warm-up
  let min = Infinity
  for (let i = 0; i < REPEATS; i++) min = Math.min(min, await run(ROUNDS))
  return min
}

const gf = await best(greenfiberRun)
const node = await best(nodeRun)
const usPerWake = (ms: number) => (ms * 1000) / (ROUNDS * 2)
printTable(`Wake-up latency, ${ROUNDS} round trips over an AF_UNIX socketpair (best of ${REPEATS})`, [
  ["implementation", "µs per wake-up", "round trips/s", "latency ratio vs node:net (lower is better)"],
  ["greenfiber wait()", usPerWake(gf).toFixed(2), Math.round((ROUNDS / gf) * 1000).toString(), (gf / node).toFixed(2)],
  ["node:net 'readable'", usPerWake(node).toFixed(2), Math.round((ROUNDS / node) * 1000).toString(), "1.00"]
])
