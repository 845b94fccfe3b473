/**
 * What every bench echo server shares: announce the port on stdout as one JSON line, answer the
 * harness's "gc" request on stdin (so RSS is read after a full collection), and exit when stdin
 * closes, so a server never outlives the harness that started it.
 */
import { createInterface } from "node:readline"

/** Longest a bench server may live, whatever happens to its parent. */
const MAX_LIFETIME_MS = 10 * 60 * 1000

export const announce = (port: number, onExit: () => void = () => {}): void => {
  process.stdout.write(JSON.stringify({ port, pid: process.pid }) + "\n")
  const lines = createInterface({ input: process.stdin })
  lines.on("line", (line) => {
    if (line.trim() !== "gc") return
    const gc = (globalThis as { gc?: () => void }).gc
    // Two passes: the first may only move objects to the old generation.
    gc?.()
    gc?.()
    // The JS heap and off-heap (ArrayBuffer) figures tell where the RSS went.
    const m = process.memoryUsage()
    process.stdout.write(JSON.stringify({ gc: gc !== undefined, rss: m.rss, heapUsed: m.heapUsed, external: m.external }) + "\n")
  })
  const exit = () => {
    onExit()
    process.exit(0)
  }
  lines.on("close", exit)
  setTimeout(exit, MAX_LIFETIME_MS).unref()
}
