/* Module entry: per-environment state and the JS call-in used by libuv callbacks. */
#include "gf.h"
#include <stdlib.h>

gf_state* gf_state_of(napi_env env) {
  gf_state* st = NULL;
  napi_get_instance_data(env, (void**)&st);
  return st;
}

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
  free(st->fds);
  free(st->watchers);
  free(st->free_ids);
  free(st->queue);
  free(st->owned);
  free(st);
}

/* The cleanup hook is asynchronous so that node keeps running the loop (its cleanup waits for the
 * hook's removal) until every close callback of ours has run and every name lookup has ended. With
 * a plain cleanup hook they would run in the worker's last uv_run, after FreeEnvironment: after the
 * instance data's finalizer freed the state, and after the addon was unloaded if no other
 * environment holds it (the callbacks' code itself unmapped: a crash). */
void gf_state_unhold(gf_state* st) {
  if (!st->torn_down || st->live_handles > 0 || st->flush_closing || st->name_reqs) return;
  if (st->cleanup) {
    napi_async_cleanup_hook_handle h = st->cleanup;
    st->cleanup = NULL;
    napi_remove_async_cleanup_hook(h);
  }
  if (st->finalized) free_all(st);
}

static void cleanup_hook(napi_async_cleanup_hook_handle handle, void* data) {
  gf_state* st = data;
  gf_registry_cleanup(st);
  gf_names_cleanup(st);
  if (st->wake_cb) napi_delete_reference(st->env, st->wake_cb);
  if (st->chunk_ref) napi_delete_reference(st->env, st->chunk_ref);
  if (st->slab_ref) napi_delete_reference(st->env, st->slab_ref);
  st->slab_ref = NULL;
  st->slab = NULL;
  st->slab_len = 0;
  st->wake_cb = NULL;
  st->chunk_ref = NULL;
  st->chunk = NULL;
  st->chunk_cap = 0;
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
  gf_register_registry(env, exports);
  gf_register_syscalls(env, exports);
  gf_register_names(env, exports);
  gf_register_constants(env, exports);
  gf_tls_init(env, exports);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
