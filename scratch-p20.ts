import { Effect } from "effect"
import * as S from "@greenfiber/socket"
const show = (label: string, e: Effect.Effect<unknown, unknown, any>) => Effect.scoped(e).pipe(Effect.exit, Effect.tap((x) => Effect.sync(() => console.log(label, JSON.stringify(x)))))
await Effect.runPromise(Effect.gen(function*() {
  yield* show("fromfd file", Effect.gen(function*() { const fs = yield* Effect.promise(() => import("node:fs")); const fd = fs.openSync("/etc/hostname","r"); const s = yield* S.fromfd(fd, S.AF_INET, S.SOCK_STREAM); return s.fileno() }))
  yield* show("connectEx port", Effect.gen(function*() { const s = yield* S.socket(); return yield* s.connectEx(["127.0.0.1", 65539]) }))
  yield* show("bind port", Effect.gen(function*() { const s = yield* S.socket(); return yield* s.bind(["127.0.0.1", -1]) }))
  yield* show("recv dontwait", Effect.gen(function*() { const [a,b] = yield* S.socketpair(); return yield* Effect.timeout(b.recv(10, S.MSG_DONTWAIT), "200 millis") }))
  yield* show("getfqdn ::", S.getfqdn("::"))
  yield* show("getfqdn ''", S.getfqdn(""))
  yield* show("nonblock", Effect.gen(function*() { const s = yield* S.socket(S.AF_INET, S.SOCK_STREAM | S.SOCK_NONBLOCK); return [s.gettimeout(), s.getblocking(), s.type] }))
  yield* show("cloexec", Effect.gen(function*() { const s = yield* S.socket(S.AF_INET, S.SOCK_STREAM | S.SOCK_CLOEXEC); return [s.gettimeout(), s.type] }))
}))
