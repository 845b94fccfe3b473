/**
 * Server and client each get a core of their own (taskset), so a run does not depend on where the
 * kernel happens to place them: unpinned, the same server measured from 0.6 to 1.2 of node:net.
 */
import { execFileSync } from "node:child_process"
import { cpus } from "node:os"

export const canPin = cpus().length >= 2 && (() => {
  try {
    execFileSync("taskset", ["-c", "0", "true"], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
})()

/** `command args` to run on `cpu` when the machine has two cores and taskset, else as given. */
export const pinned = (cpu: number, command: string, args: ReadonlyArray<string>): [string, Array<string>] =>
  canPin ? ["taskset", ["-c", String(cpu), command, ...args]] : [command, [...args]]
