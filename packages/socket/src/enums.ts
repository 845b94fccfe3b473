/**
 * Name lookups for constants, in the spirit of CPython's `socket.AddressFamily`, `SocketKind`,
 * `MsgFlag` and `AddressInfo` enums: which name a number has (`AddressFamily.name(2)` is
 * `"AF_INET"`, Python's `AddressFamily(2).name`) and which number a name has. Members are the
 * platform's constants of that prefix that this package exports, ordered by value as in Python.
 *
 * @since 0.1.0
 */
import * as Constants from "./constants.ts"

/**
 * One family of constants.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConstantEnum {
  /** The enum's Python name (`"AddressFamily"`). */
  readonly enumName: string
  /** Every member, name to value, ordered by value. */
  readonly members: Readonly<Record<string, number>>
  /** The member name of `value` (the first, for a value two names share), or `undefined`. */
  name(value: number): string | undefined
  /** The value of the member `name`, or `undefined`. */
  value(name: string): number | undefined
}

const make = (enumName: string, prefix: string, except: ReadonlyArray<string> = []): ConstantEnum => {
  const entries = Object.entries(Constants as Record<string, unknown>)
    .filter((e): e is [string, number] => e[0].startsWith(prefix) && typeof e[1] === "number" && !except.includes(e[0]))
    .sort((a, b) => a[1] - b[1])
  const members: Record<string, number> = Object.freeze(Object.fromEntries(entries))
  const byValue = new Map<number, string>()
  for (const [name, value] of entries) if (!byValue.has(value)) byValue.set(value, name)
  return {
    enumName,
    members,
    name: (value) => byValue.get(value),
    value: (name) => Object.hasOwn(members, name) ? members[name] : undefined
  }
}

/**
 * The `AF_*` constants.
 *
 * @example
 * ```ts
 * import { AddressFamily } from "@greenfiber/socket"
 * AddressFamily.name(10) // "AF_INET6" on Linux
 * ```
 * @since 0.1.0
 * @category constants
 */
export const AddressFamily: ConstantEnum = make("AddressFamily", "AF_")

/**
 * The `SOCK_*` constants (socket types and the `SOCK_NONBLOCK`/`SOCK_CLOEXEC` flags, as in Python).
 *
 * @example
 * ```ts
 * import { SocketKind } from "@greenfiber/socket"
 * SocketKind.name(2) // "SOCK_DGRAM"
 * ```
 * @since 0.1.0
 * @category constants
 */
export const SocketKind: ConstantEnum = make("SocketKind", "SOCK_")

/**
 * The `MSG_*` flags.
 *
 * @example
 * ```ts
 * import { MsgFlag } from "@greenfiber/socket"
 * MsgFlag.name(2) // "MSG_PEEK"
 * ```
 * @since 0.1.0
 * @category constants
 */
export const MsgFlag: ConstantEnum = make("MsgFlag", "MSG_")

/**
 * The `AI_*` flags of `getaddrinfo`.
 *
 * @example
 * ```ts
 * import { AddressInfo } from "@greenfiber/socket"
 * AddressInfo.name(1) // "AI_PASSIVE"
 * ```
 * @since 0.1.0
 * @category constants
 */
export const AddressInfo: ConstantEnum = make("AddressInfo", "AI_")
