/**
 * `@greenfiber/socket`: Python's `socket` module for Effect fibers. Every call that would block
 * suspends only its fiber; the syscall is tried first and the poller is used only on `EAGAIN`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { createConnection } from "@greenfiber/socket"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const sock = yield* createConnection(["127.0.0.1", 8080], { timeout: 5 })
 *   yield* sock.sendall(new TextEncoder().encode("GET / HTTP/1.0\r\n\r\n"))
 *   const reply = yield* sock.recv(65536)
 * }))
 * ```
 * @since 0.1.0
 */
export { isSocket, Socket, socket, SocketTypeId } from "./Socket.ts"
export type { IoError } from "./Socket.ts"
export type { SocketFile } from "./makefile.ts"
export { resolveAddress } from "./address.ts"
export {
  allConnectErrors,
  createConnection,
  createServer,
  fromfd,
  hasDualstackIpv6,
  socketpair
} from "./create.ts"
export type { ConnectError, CreateConnectionOptions, CreateServerOptions } from "./create.ts"
export { getaddrinfo, getfqdn, gethostbyaddr, gethostbyname, gethostbynameEx, gethostname, getnameinfo, hasIpv6 } from "./names.ts"
export { CMSG_LEN, CMSG_SPACE, recvFds, sendFds } from "./msg.ts"
export type { AncillaryItem, RecvFdsResult, RecvmsgIntoResult, RecvmsgResult } from "./msg.ts"
export { htonl, htons, inetAton, inetNtoa, inetNtop, inetPton, ntohl, ntohs } from "./inet.ts"
export { getprotobyname, getservbyname, getservbyport, ifIndextoname, ifNameindex, ifNametoindex } from "./netdb.ts"
export { close, getdefaulttimeout, setdefaulttimeout } from "./fd.ts"
export { AddressFamily, AddressInfo, MsgFlag, SocketKind } from "./enums.ts"
export type { ConstantEnum } from "./enums.ts"
export { poll, select } from "./select.ts"
export type { Poll, Selectable } from "./select.ts"
export { serve } from "./serve.ts"
export type { ServeOptions } from "./serve.ts"
export { toDuplex } from "./duplex.ts"
export type { SocketDuplex } from "./duplex.ts"
export { toEffectSocket, toSocketServer } from "./interop.ts"
export * from "./constants.ts"
/** All the platform constants as one namespace, e.g. `Constants.AF_INET`. */
export * as Constants from "./constants.ts"
export {
  cancelWait,
  ConcurrentObjectUseError,
  DefaultTimeout,
  GaiError,
  HError,
  SocketError,
  SocketTimeout,
  wait,
  waitRead,
  waitReadWrite,
  waitWrite,
  withDefaultTimeout
} from "@greenfiber/core"
export type { Address, AddrInfo, HostEntry, TimeoutInput, WaitOptions } from "@greenfiber/core"
