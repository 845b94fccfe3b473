/* greenfiber native addon: shared declarations.
 * Every exported function validates its arguments and reports failures as a
 * negative errno (or an EAI code for the name functions); nothing aborts. */
#ifndef GF_H
#define GF_H

#include <node_api.h>
#include <uv.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Retry a syscall expression while it fails with EINTR. */
#define GF_RETRY(expr) ({ long gf_r_; do { gf_r_ = (long)(expr); } while (gf_r_ == -1 && errno == EINTR); gf_r_; })

/* recv and send on the hot path. glibc's wrappers are thread-cancellation points: in a threaded
 * process (Node always is) each call is bracketed by two cancellation-state calls, about 1% of a
 * ping-pong server's CPU. Nothing here cancels threads, so Linux gets the plain system call. */
#ifdef __linux__
#include <sys/syscall.h>
#include <unistd.h>
#define GF_RECV(fd, p, n, flags) syscall(SYS_recvfrom, (fd), (p), (n), (flags), NULL, NULL)
#define GF_SEND(fd, p, n, flags) syscall(SYS_sendto, (fd), (p), (n), (flags), NULL, 0)
#else
#define GF_RECV(fd, p, n, flags) recv((fd), (p), (n), (flags))
#define GF_SEND(fd, p, n, flags) send((fd), (p), (n), (flags))
#endif

/* The struct that holds `member` at `ptr` (a libuv handle or request embedded in one of ours). */
#define GF_CONTAINER_OF(ptr, type, member) ((type*)((char*)(ptr) - offsetof(type, member)))

/* Each module owns its state: registry.c the fds, watchers and wake-up queue; syscalls.c the read slab;
 * names.c the lookups in flight. A module's functions get their state as Node-API callback data
 * (gf_args_data), so no call looks up the instance data. */
typedef struct gf_registry gf_registry;
typedef struct gf_syscalls gf_syscalls;
typedef struct gf_names gf_names;

/* Per-environment state (one per Node-API env, so worker threads stay apart): what the modules share. */
typedef struct gf_state {
  napi_env env;
  uv_loop_t* loop;
  napi_ref resource;         /* async resource used for napi_make_callback */
  napi_async_context actx;
  napi_async_cleanup_hook_handle cleanup; /* held until every close callback and name lookup is done */
  int torn_down;             /* the cleanup hook ran */
  int finalized;             /* the instance data's finalizer ran */
  gf_registry* registry;
  gf_syscalls* syscalls;
  gf_names* names;
} gf_state;

/* At teardown, once no module is busy (a close callback or a lookup pending): lets node finish the
 * environment, and frees the state once the instance data's finalizer ran too. */
void gf_state_unhold(gf_state* st);

/* Module lifecycle. _init allocates the module's state (0, or -ENOMEM) and defines its functions on
 * `exports`; _cleanup runs at environment teardown, when no JS runs any more; _busy says whether
 * callbacks it started are still pending; _free releases the state once nothing is. */
int gf_registry_init(napi_env env, napi_value exports, gf_state* st);
void gf_registry_cleanup(gf_registry* reg);
int gf_registry_busy(const gf_registry* reg);
void gf_registry_free(gf_registry* reg);
int gf_syscalls_init(napi_env env, napi_value exports, gf_state* st);
void gf_syscalls_cleanup(gf_syscalls* sys);
void gf_syscalls_free(gf_syscalls* sys);
int gf_names_init(napi_env env, napi_value exports, gf_state* st);
void gf_names_cleanup(gf_names* names);
int gf_names_busy(const gf_names* names);
void gf_names_free(gf_names* names);
/* Stateless modules. */
void gf_constants_init(napi_env env, napi_value exports);
void gf_inet_init(napi_env env, napi_value exports);
void gf_tls_init(napi_env env, napi_value exports);

/* A function export for gf_define: a plain (enumerable, writable) property, as JS assignment makes. */
#define GF_METHOD(name, fn) { (name), NULL, (fn), NULL, NULL, NULL, napi_default_jsproperty, NULL }
/* Defines `n` methods on `exports`, each with `data` as its callback data. */
void gf_define(napi_env env, napi_value exports, napi_property_descriptor* methods, size_t n, void* data);
#define GF_DEFINE(env, exports, methods, data) gf_define((env), (exports), (methods), sizeof(methods) / sizeof((methods)[0]), (data))

/* args.c: argument readers. Each returns 0 on success and -1 when the value has the wrong type or range. */
int gf_arg_int(napi_env env, napi_value v, int64_t lo, int64_t hi, int64_t* out);
int gf_arg_bytes(napi_env env, napi_value v, uint8_t** data, size_t* len);
/* A [buffer, offset, length] window at argv[0..2], checked against the buffer's size. */
int gf_arg_window(napi_env env, napi_value* argv, uint8_t** p, size_t* n);
int gf_arg_string(napi_env env, napi_value v, char* buf, size_t cap, size_t* len);
int gf_arg_is_nullish(napi_env env, napi_value v);
int gf_args(napi_env env, napi_callback_info info, size_t want, napi_value* argv);
/* gf_args, and the callback data gf_define gave the function (its module's state). */
int gf_args_data(napi_env env, napi_callback_info info, size_t want, napi_value* argv, void** data);
napi_value gf_num(napi_env env, double n);
napi_value gf_undefined(napi_env env);
napi_value gf_str(napi_env env, const char* s, size_t len);

/* address.c: Python-shaped addresses <-> sockaddr. */
int gf_addr_from_js(napi_env env, int family, napi_value v, struct sockaddr_storage* ss, socklen_t* len);
napi_value gf_addr_to_js(napi_env env, const struct sockaddr* sa, socklen_t len);

/* Calls a JS function from a libuv callback, with the microtask checkpoint node expects. */
void gf_call_js(gf_state* st, napi_value fn, size_t argc, napi_value* argv);

#endif
