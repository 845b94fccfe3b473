/**
 * `layerFromConfig`: the resolver chosen by `GREENFIBER_RESOLVER` (gevent's `GEVENT_RESOLVER`), read
 * through Effect `Config`, so any `ConfigProvider` (environment, `.env`, JSON) can set it.
 *
 * @since 0.1.0
 */
import { OsResolver, Resolver, type ResolverService } from "@greenfiber/core"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { type AresOptions, makeAres } from "./Ares.ts"
import { type DnsOptions, makeDns } from "./DnsLayer.ts"
import { ResolverSetupError } from "./Errors.ts"

/**
 * The resolver names `GREENFIBER_RESOLVER` accepts.
 *
 * @since 0.1.0
 * @category constants
 */
export const choices = ["blocking", "thread", "ares", "dns"] as const

/**
 * Options for the layers `layerFromConfigWith` may build (the environment's name servers and timeout,
 * when set, override these).
 *
 * @since 0.1.0
 * @category models
 */
export interface FromConfigOptions {
  readonly dns?: DnsOptions | undefined
  readonly ares?: AresOptions | undefined
}

const build = (name: string, options: FromConfigOptions): Effect.Effect<ResolverService, ResolverSetupError> => {
  switch (name) {
    case "blocking":
      return Effect.succeed(OsResolver.blocking)
    case "thread":
      return Effect.succeed(OsResolver.thread)
    case "ares":
      return makeAres(options.ares)
    default:
      return makeDns(options.dns)
  }
}

/**
 * Reads the configuration: `GREENFIBER_RESOLVER` (default `thread`), a comma list of `blocking`,
 * `thread`, `ares`, `dns`; `GREENFIBER_RESOLVER_NAMESERVERS` (comma list) and
 * `GREENFIBER_RESOLVER_TIMEOUT` (seconds) for the `ares` and `dns` resolvers. Builds the first resolver
 * of the list that can be built (a `dns` resolver whose `resolv.conf` cannot be read, an `ares` one
 * with a bad name server... is skipped); an unknown name fails at once, listing the choices.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { layerFromConfigWith } from "@greenfiber/resolver"
 *
 * // GREENFIBER_RESOLVER=dns,thread
 * const layer = layerFromConfigWith({ dns: { attempts: 3 } })
 * ```
 * @since 0.1.0
 * @category layers
 */
export const layerFromConfigWith = (options: FromConfigOptions = {}): Layer.Layer<never, ResolverSetupError> =>
  Layer.effect(
    Resolver,
    Effect.gen(function*() {
      const read = Effect.mapError((e: Config.ConfigError) =>
        new ResolverSetupError({ resolver: "config", message: `invalid resolver configuration: ${e.message}`, cause: e })
      )
      const spec = yield* read(Config.String("GREENFIBER_RESOLVER").pipe(Config.withDefault("thread")))
      const servers = yield* read(Config.option(Config.String("GREENFIBER_RESOLVER_NAMESERVERS")))
      const timeout = yield* read(Config.option(Config.Number("GREENFIBER_RESOLVER_TIMEOUT")))
      const names = spec.split(",").map((n) => n.trim().toLowerCase()).filter((n) => n !== "")
      if (names.length === 0) names.push("thread")
      const unknown = names.find((n) => !(choices as ReadonlyArray<string>).includes(n))
      if (unknown !== undefined) {
        return yield* Effect.fail(
          new ResolverSetupError({
            resolver: unknown,
            message: `Unknown resolver ${JSON.stringify(unknown)} in GREENFIBER_RESOLVER; choose from: ${choices.join(", ")}`
          })
        )
      }
      const nameservers = Option.map(servers, (s) => s.split(",").map((x) => x.trim()).filter((x) => x !== ""))
      const merged: FromConfigOptions = {
        dns: { ...options?.dns, ...Option.match(nameservers, { onNone: () => ({}), onSome: (n) => ({ nameservers: n }) }), ...Option.match(timeout, { onNone: () => ({}), onSome: (t) => ({ timeout: t }) }) },
        ares: { ...options?.ares, ...Option.match(nameservers, { onNone: () => ({}), onSome: (n) => ({ nameservers: n }) }), ...Option.match(timeout, { onNone: () => ({}), onSome: (t) => ({ timeout: t }) }) }
      }
      const errors: Array<string> = []
      for (const name of names) {
        const built = yield* Effect.result(build(name, merged))
        if (built._tag === "Success") return built.success
        errors.push(`${name}: ${built.failure.message}`)
      }
      return yield* Effect.fail(new ResolverSetupError({ resolver: names.join(","), message: `no resolver in GREENFIBER_RESOLVER could be built (${errors.join("; ")})` }))
    })
  )

/**
 * `layerFromConfigWith()` with no options: the resolver named by `GREENFIBER_RESOLVER`, `thread` when
 * it is unset.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Resolver } from "@greenfiber/core"
 * import { layerFromConfig } from "@greenfiber/resolver"
 *
 * // GREENFIBER_RESOLVER=dns,thread node app.ts
 * const program = Effect.flatMap(Effect.service(Resolver), (r) => Effect.succeed(r.name)).pipe(Effect.provide(layerFromConfig))
 * ```
 * @since 0.1.0
 * @category layers
 */
export const layerFromConfig: Layer.Layer<never, ResolverSetupError> = layerFromConfigWith()
