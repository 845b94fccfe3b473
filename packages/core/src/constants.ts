/**
 * The platform's real constant values, read from the native addon (never hard-coded here).
 *
 * @since 0.1.0
 */
import { native } from "./internal/native.ts"

/**
 * Every socket-related constant the platform defines (`AF_*`, `SOCK_*`, `SO_*`, `MSG_*`, `EAI_*`, ...).
 *
 * @example
 * ```ts
 * import { constants } from "@greenfiber/core"
 * constants.AF_INET // 2 on Linux
 * ```
 * @since 0.1.0
 * @category constants
 */
export const constants: Readonly<Record<string, number>> = native.constants

/**
 * The platform's errno values by name (`errnos.ECONNREFUSED` is 111 on Linux).
 *
 * @example
 * ```ts
 * import { errnos } from "@greenfiber/core"
 * errnos.EAGAIN // 11 on Linux
 * ```
 * @since 0.1.0
 * @category constants
 */
export const errnos: Readonly<Record<string, number>> = native.errno
