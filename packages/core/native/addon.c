/* Module entry: per-environment state and the JS call-in used by libuv callbacks. */
#include "gf.h"
#include <stdlib.h>

void gf_call_js(gf_state* st, napi_value fn, size_t argc, napi_value* argv) {
  napi_value recv, resource, result;
  napi_get_undefined(st->env, &recv);
  napi_get_reference_value(st->env, st->resource, &resource);
  /* make_callback runs the microtask checkpoint, so fibers resumed here run promptly. */
  if (napi_make_callback(st->env, st->actx, resource, fn, argc, argv, &result) == napi_pending_exception) {
    napi_value ex;
    napi_get_and_clear_last_exception(st->env, &ex);
    napi_fatal_exception(st->env, ex);
  }
}

static void free_all(gf_state* st) {
  if (st->registry) gf_registry_free(st->registry);
  if (st->syscalls) gf_syscalls_free(st->syscalls);
  if (st->names) gf_names_free(st->names);
  free(st);
}

/* The cleanup hook is asynchronous so that node keeps running the loop (its cleanup waits for the
 * hook's removal) until every close callback of ours has run and every name lookup has ended. With
 * a plain cleanup hook they would run in the worker's last uv_run, after FreeEnvironment: after the
 * instance data's finalizer freed the state, and after the addon was unloaded if no other
 * environment holds it (the callbacks' code itself unmapped: a crash). */
void gf_state_unhold(gf_state* st) {
  if (!st->torn_down || (st->registry && gf_registry_busy(st->registry)) || (st->names && gf_names_busy(st->names)))
    return;
  if (st->cleanup) {
    napi_async_cleanup_hook_handle h = st->cleanup;
    st->cleanup = NULL;
    napi_remove_async_cleanup_hook(h);
  }
  if (st->finalized) free_all(st);
}

static void cleanup_hook(napi_async_cleanup_hook_handle handle, void* data) {
  gf_state* st = data;
  if (st->registry) gf_registry_cleanup(st->registry);
  if (st->names) gf_names_cleanup(st->names);
  if (st->syscalls) gf_syscalls_cleanup(st->syscalls);
  napi_async_destroy(st->env, st->actx);
  napi_delete_reference(st->env, st->resource);
  st->torn_down = 1;
  gf_state_unhold(st);
}

static void free_state(napi_env env, void* data, void* hint) {
  gf_state* st = data;
  st->finalized = 1;
  gf_state_unhold(st);
}

static napi_value init(napi_env env, napi_value exports) {
  gf_state* st = calloc(1, sizeof *st);
  napi_value resource, name;
  if (!st) return exports;
  st->env = env;
  napi_get_uv_event_loop(env, &st->loop);
  napi_create_object(env, &resource);
  napi_create_reference(env, resource, 1, &st->resource);
  napi_create_string_utf8(env, "greenfiber:io", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, resource, name, &st->actx);
  napi_set_instance_data(env, st, free_state, NULL);
  if (napi_add_async_cleanup_hook(env, cleanup_hook, st, &st->cleanup) != napi_ok) st->cleanup = NULL;
  /* A module out of memory leaves its functions undefined: the loader reports the addon unusable
   * instead of a call dereferencing a missing state. */
  gf_registry_init(env, exports, st);
  gf_syscalls_init(env, exports, st);
  gf_names_init(env, exports, st);
  gf_constants_init(env, exports);
  gf_tls_init(env, exports);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
