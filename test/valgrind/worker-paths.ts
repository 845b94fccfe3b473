/**
 * worker_threads under memcheck: workers load the addon (this thread never does, so the addon is
 * unloaded with the last worker and any close callback of ours still pending then would run
 * unmapped code), serve and connect, and are ended by terminate(), by process.exit in the worker and
 * by an uncaught error, with sockets open and fibers waiting. Checks that the process fd count is
 * back where it was. Run by `npm run test:valgrind`.
 */
import { readdirSync } from "node:fs"
import { Worker } from "node:worker_threads"

const child = new URL("../helpers/worker-child.ts", import.meta.url)
const fdCount = () => readdirSync("/proc/self/fd").length
const check = (ok: boolean, what: string) => {
  if (!ok) {
    console.error(`FAILED: ${what}`)
    process.exit(1)
  }
}

const run = async (end: "terminate" | "exit" | "throw") => {
  const worker = new Worker(child, { workerData: { rounds: 3 } })
  worker.on("error", () => {})
  const exited = new Promise<number>((resolve) => worker.once("exit", resolve))
  const ready = await new Promise<{ owned: number }>((resolve, reject) => {
    worker.once("message", resolve)
    worker.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready`)))
  })
  check(ready.owned === 11, `the worker owns 11 fds (got ${ready.owned})`)
  if (end === "terminate") await worker.terminate()
  else worker.postMessage(end)
  return exited
}

// Warm-up: node's own per-worker setup, so the baseline is taken after it.
await run("terminate")
const before = fdCount()
const codes = await Promise.all([run("terminate"), run("exit"), run("throw")])
check(JSON.stringify(codes) === JSON.stringify([1, 0, 1]), `exit codes ${JSON.stringify(codes)}`)
check(fdCount() === before, `fd count ${fdCount()} after the workers, ${before} before`)
console.log("worker paths: ok")
