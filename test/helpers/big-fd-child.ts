/**
 * For wake-delivery.test.ts ("fd numbers"): waits on fd numbers far above any open fd. Each must fail at once with
 * EBADF. Prints `{"results": [...], "maxRssMiB": n}`; the parent kills it if it hangs.
 */
import { waitRead } from "@greenfiber/core"
import { Effect, Exit } from "effect"

const fds = [1_500_000, 50_000_000, 2 ** 30, 2 ** 31 - 1]
const results: Array<string> = []
for (const fd of fds) {
  const exit = await Effect.runPromiseExit(waitRead(fd, { timeout: 0.01 }))
  results.push(Exit.isFailure(exit) ? String((exit.cause.reasons[0] as unknown as { error?: { code?: string } }).error?.code) : "success")
}
process.stdout.write(`${JSON.stringify({ results, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`)
