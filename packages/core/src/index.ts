/**
 * `@greenfiber/core`: the hub level of greenfiber. io watchers over libuv `uv_poll`, cooperative waits
 * that suspend only the calling fiber, typed errors, default timeouts and the `Resolver` service.
 *
 * @since 0.1.0
 */
export * as Watcher from "./Watcher.ts"
export * as OsResolver from "./OsResolver.ts"
export { cancelWait, notifyClosing, wait, waitRead, waitReadWrite, waitWrite } from "./Wait.ts"
export type { WaitOptions } from "./Wait.ts"
export {
  closedError,
  ConcurrentObjectUseError,
  eaiCode,
  errnoCode,
  errnoValue,
  GaiError,
  HError,
  SocketError,
  SocketTimeout
} from "./Errors.ts"
export { DefaultTimeout, toSeconds, validateTimeout, withDefaultTimeout } from "./Timeout.ts"
export type { TimeoutInput } from "./Timeout.ts"
export { Resolver } from "./Resolver.ts"
export type { AddrInfo, Address, HostEntry, ResolverService } from "./Resolver.ts"
export { constants, errnos } from "./constants.ts"
