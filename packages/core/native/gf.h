/* greenfiber native addon: shared declarations.
 * Every exported function validates its arguments and reports failures as a
 * negative errno (or an EAI code for the name functions); nothing aborts. */
#ifndef GF_H
#define GF_H

#include <node_api.h>
#include <uv.h>
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

typedef struct gf_fdrec gf_fdrec;
typedef struct gf_watcher gf_watcher;

/* Per-environment state (one per Node-API env, so worker threads stay apart). */
typedef struct gf_state {
  napi_env env;
  uv_loop_t* loop;
  napi_ref wake_cb;          /* JS function(count): `count` (id, errno) pairs are in `chunk` */
  napi_ref chunk_ref;        /* the Int32Array behind `chunk`, kept alive */
  int32_t* chunk;            /* wake-ups being delivered to JS: id, errno, id, errno, ... */
  int32_t chunk_cap;         /* in int32s */
  int32_t chunk_len;         /* in int32s, while a delivery runs */
  int32_t* queue;            /* wake-ups of this loop iteration, not yet delivered (pairs) */
  int32_t queue_head, queue_len, queue_cap;
  uv_check_t* flush;         /* delivers the queue once per loop iteration, after the poll phase */
  napi_ref resource;         /* async resource used for napi_make_callback */
  napi_async_context actx;
  gf_fdrec** fds;            /* fd number -> its one poll record */
  int fds_cap;
  gf_watcher** watchers;     /* watcher id -> watcher */
  int32_t watchers_cap;
  int32_t next_id;           /* next never-used watcher id */
  int32_t* free_ids;         /* recycled watcher ids */
  int32_t free_count;
  int32_t free_cap;
  napi_ref slab_ref;         /* the read slab (recvSlab), kept alive while registered */
  uint8_t* slab;
  size_t slab_len;
  uint8_t* owned;            /* fd number -> 1 when this environment owns it (closed at teardown) */
  int32_t owned_cap;
  napi_async_cleanup_hook_handle cleanup; /* held until every close callback and name lookup is done */
  int torn_down;             /* the cleanup hook ran */
  int finalized;             /* the instance data's finalizer ran */
  int flush_closing;         /* the flush handle's close callback is pending */
  int64_t live_handles;      /* poll records not yet freed, closing ones too: they hold the state */
  int64_t live_watchers;
  int64_t active_watchers;
  void* name_reqs;           /* thread-pool name lookups in flight (names.c), so they can be cancelled */
  int32_t next_name_req;     /* id of the next one */
} gf_state;

gf_state* gf_state_of(napi_env env);
/* At teardown, once no close callback is pending: lets node finish the environment, and frees the
 * state once the instance data's finalizer ran too. */
void gf_state_unhold(gf_state* st);

/* args.c: argument readers. Each returns 0 on success and -1 when the value has the wrong type or range. */
int gf_arg_int(napi_env env, napi_value v, int64_t lo, int64_t hi, int64_t* out);
int gf_arg_bytes(napi_env env, napi_value v, uint8_t** data, size_t* len);
/* A [buffer, offset, length] window at argv[0..2], checked against the buffer's size. */
int gf_arg_window(napi_env env, napi_value* argv, uint8_t** p, size_t* n);
int gf_arg_string(napi_env env, napi_value v, char* buf, size_t cap, size_t* len);
int gf_arg_is_nullish(napi_env env, napi_value v);
int gf_args(napi_env env, napi_callback_info info, size_t want, napi_value* argv);
napi_value gf_num(napi_env env, double n);
napi_value gf_undefined(napi_env env);
napi_value gf_str(napi_env env, const char* s, size_t len);

/* address.c: Python-shaped addresses <-> sockaddr. */
int gf_addr_from_js(napi_env env, int family, napi_value v, struct sockaddr_storage* ss, socklen_t* len);
napi_value gf_addr_to_js(napi_env env, const struct sockaddr* sa, socklen_t len);

/* Export helpers. */
void gf_export(napi_env env, napi_value exports, const char* name, napi_callback fn);
void gf_register_registry(napi_env env, napi_value exports);
void gf_registry_cleanup(gf_state* st);
void gf_register_syscalls(napi_env env, napi_value exports);
void gf_register_inet(napi_env env, napi_value exports); /* inet.c, called by gf_register_syscalls */
void gf_register_names(napi_env env, napi_value exports);
void gf_names_cleanup(gf_state* st);
void gf_register_constants(napi_env env, napi_value exports);
void gf_tls_init(napi_env env, napi_value exports); /* tls.c */

/* Calls a JS function from a libuv callback, with the microtask checkpoint node expects. */
void gf_call_js(gf_state* st, napi_value fn, size_t argc, napi_value* argv);

#endif
