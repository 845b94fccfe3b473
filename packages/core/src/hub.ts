/**
 * `@greenfiber/core/hub`: the hub's machinery for greenfiber's own packages. The socket and resolver
 * packages drive the native addon and the watcher registry directly; applications use the root
 * entry (`wait`, `waitRead`, errors, `Resolver`), which stays small and stable while these move.
 *
 * @example
 * ```ts
 * import { Native } from "@greenfiber/core/hub"
 *
 * const fd = Native.native.socket(Native.native.constants.AF_INET, Native.native.constants.SOCK_STREAM, 0)
 * ```
 *
 * @since 0.1.0
 */
export * as Native from "./internal/native.ts"
/** The watcher registry: `WatcherImpl`, `makeUnsafe`, `closeUnsafe`, fd ownership, `READ`/`WRITE`. */
export * as Watcher from "./internal/watcher.ts"
export { ioWait, notifyClosingUnsafe } from "./internal/wait.ts"
