/* The OS resolver: getaddrinfo/getnameinfo synchronously (the blocking
 * resolver) or on libuv's thread pool, plus gethostname.
 * Success is an array; failure is { code: EAI_*, errno }. */
#include "gf.h"
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  char host[1026];
  char serv[64];
  int has_host, has_serv;
  struct addrinfo hints;
} gai_args;

static napi_value failure(napi_env env, int code, int err) {
  napi_value o;
  napi_create_object(env, &o);
  napi_set_named_property(env, o, "code", gf_num(env, code));
  napi_set_named_property(env, o, "errno", gf_num(env, err));
  return o;
}

static int read_gai_args(napi_env env, napi_value* a, gai_args* g) {
  int64_t fam, type, proto, flags;
  memset(g, 0, sizeof *g);
  if (!gf_arg_is_nullish(env, a[0])) {
    if (gf_arg_string(env, a[0], g->host, sizeof g->host, NULL)) return -1;
    g->has_host = 1;
  }
  if (!gf_arg_is_nullish(env, a[1])) {
    if (gf_arg_string(env, a[1], g->serv, sizeof g->serv, NULL)) return -1;
    g->has_serv = 1;
  }
  if (gf_arg_int(env, a[2], INT32_MIN, INT32_MAX, &fam) || gf_arg_int(env, a[3], INT32_MIN, INT32_MAX, &type) ||
      gf_arg_int(env, a[4], INT32_MIN, INT32_MAX, &proto) || gf_arg_int(env, a[5], INT32_MIN, INT32_MAX, &flags))
    return -1;
  g->hints.ai_family = (int)fam;
  g->hints.ai_socktype = (int)type;
  g->hints.ai_protocol = (int)proto;
  g->hints.ai_flags = (int)flags;
  return 0;
}

static napi_value addrinfo_to_js(napi_env env, const struct addrinfo* res) {
  napi_value arr, t;
  uint32_t i = 0;
  napi_create_array(env, &arr);
  for (const struct addrinfo* ai = res; ai; ai = ai->ai_next) {
    napi_create_array_with_length(env, 5, &t);
    napi_set_element(env, t, 0, gf_num(env, ai->ai_family));
    napi_set_element(env, t, 1, gf_num(env, ai->ai_socktype));
    napi_set_element(env, t, 2, gf_num(env, ai->ai_protocol));
    napi_set_element(env, t, 3, gf_str(env, ai->ai_canonname ? ai->ai_canonname : "", NAPI_AUTO_LENGTH));
    napi_set_element(env, t, 4, gf_addr_to_js(env, ai->ai_addr, ai->ai_addrlen));
    napi_set_element(env, arr, i++, t);
  }
  return arr;
}

static napi_value nameinfo_to_js(napi_env env, const char* host, const char* serv) {
  napi_value arr;
  napi_create_array_with_length(env, 2, &arr);
  napi_set_element(env, arr, 0, gf_str(env, host, NAPI_AUTO_LENGTH));
  napi_set_element(env, arr, 1, gf_str(env, serv, NAPI_AUTO_LENGTH));
  return arr;
}

/* getaddrinfoSync(host|null, service|null, family, type, proto, flags) */
static napi_value gai_sync(napi_env env, napi_callback_info info) {
  napi_value a[6], out;
  gai_args g;
  struct addrinfo* res = NULL;
  int r;
  if (gf_args(env, info, 6, a) || read_gai_args(env, a, &g)) return failure(env, EAI_SYSTEM, EINVAL);
  r = getaddrinfo(g.has_host ? g.host : NULL, g.has_serv ? g.serv : NULL, &g.hints, &res);
  if (r) return failure(env, r, r == EAI_SYSTEM ? errno : 0);
  out = addrinfo_to_js(env, res);
  freeaddrinfo(res);
  return out;
}

/* getnameinfoSync(family, address, flags) */
static napi_value gni_sync(napi_env env, napi_callback_info info) {
  napi_value a[3];
  int64_t fam, flags;
  struct sockaddr_storage ss;
  socklen_t len;
  char host[1025], serv[32];
  int r;
  if (gf_args(env, info, 3, a) || gf_arg_int(env, a[0], 0, 65535, &fam) || gf_arg_int(env, a[2], 0, INT32_MAX, &flags))
    return failure(env, EAI_SYSTEM, EINVAL);
  if (fam != AF_INET && fam != AF_INET6) return failure(env, EAI_FAMILY, 0);
  if ((r = gf_addr_from_js(env, (int)fam, a[1], &ss, &len))) return failure(env, EAI_SYSTEM, -r);
  r = getnameinfo((struct sockaddr*)&ss, len, host, sizeof host, serv, sizeof serv, (int)flags);
  if (r) return failure(env, r, r == EAI_SYSTEM ? errno : 0);
  return nameinfo_to_js(env, host, serv);
}

/* libuv reports UV_EAI_* codes; give JS the platform's own EAI_* values, as the sync path does. */
static napi_value uv_failure(napi_env env, int status) {
  static const struct { int uv, eai; } map[] = {
#ifdef EAI_ADDRFAMILY
    {UV_EAI_ADDRFAMILY, EAI_ADDRFAMILY},
#endif
    {UV_EAI_AGAIN, EAI_AGAIN}, {UV_EAI_BADFLAGS, EAI_BADFLAGS}, {UV_EAI_BADHINTS, EAI_BADFLAGS},
#ifdef EAI_CANCELED
    {UV_EAI_CANCELED, EAI_CANCELED},
#endif
#ifdef EAI_NODATA
    {UV_EAI_NODATA, EAI_NODATA},
#endif
    {UV_EAI_FAIL, EAI_FAIL}, {UV_EAI_FAMILY, EAI_FAMILY}, {UV_EAI_MEMORY, EAI_MEMORY},
    {UV_EAI_NONAME, EAI_NONAME}, {UV_EAI_OVERFLOW, EAI_OVERFLOW}, {UV_EAI_SERVICE, EAI_SERVICE},
    {UV_EAI_SOCKTYPE, EAI_SOCKTYPE},
  };
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (map[i].uv == status) return failure(env, map[i].eai, 0);
  return failure(env, EAI_SYSTEM, status < 0 && status > -4096 ? -status : EIO);
}

struct gf_names {
  gf_state* st;
  struct async_req* reqs;    /* thread-pool lookups in flight, so teardown can cancel them */
  int32_t next_id;           /* id of the next one */
};

typedef struct async_req {
  union { uv_getaddrinfo_t gai; uv_getnameinfo_t gni; } req;
  gf_names* names;
  gf_state* st;
  napi_ref cb;
  int32_t id;
  struct async_req* prev;
  struct async_req* next;
} async_req;

static void unlink_req(async_req* r) {
  if (r->prev) r->prev->next = r->next; else r->names->reqs = r->next;
  if (r->next) r->next->prev = r->prev;
  r->prev = r->next = NULL;
}

static void finish(async_req* r, napi_value value) {
  napi_value fn;
  unlink_req(r);
  if (napi_get_reference_value(r->st->env, r->cb, &fn) == napi_ok && fn) gf_call_js(r->st, fn, 1, &value);
  napi_delete_reference(r->st->env, r->cb);
  free(r);
}

/* A request libuv would not take: forget it. */
static void drop_req(napi_env env, async_req* r) {
  unlink_req(r);
  napi_delete_reference(env, r->cb);
  free(r);
}

/* A lookup that ends during the environment's teardown (cancelled by gf_names_cleanup, or one a
 * thread was running) calls no JS; the last one lets the teardown go on (gf_state_unhold). */
static int dropped_at_teardown(async_req* r) {
  gf_state* st = r->st;
  if (!st->torn_down) return 0;
  drop_req(st->env, r);
  gf_state_unhold(st);
  return 1;
}

static void on_gai(uv_getaddrinfo_t* req, int status, struct addrinfo* res) {
  async_req* r = GF_CONTAINER_OF(req, async_req, req.gai);
  napi_env env = r->st->env;
  napi_handle_scope scope;
  if (dropped_at_teardown(r)) {
    if (res) uv_freeaddrinfo(res);
    return;
  }
  napi_open_handle_scope(env, &scope);
  finish(r, status ? uv_failure(env, status) : addrinfo_to_js(env, res));
  napi_close_handle_scope(env, scope);
  uv_freeaddrinfo(res);
}

static void on_gni(uv_getnameinfo_t* req, int status, const char* host, const char* serv) {
  async_req* r = GF_CONTAINER_OF(req, async_req, req.gni);
  napi_env env = r->st->env;
  napi_handle_scope scope;
  if (dropped_at_teardown(r)) return;
  napi_open_handle_scope(env, &scope);
  finish(r, status ? uv_failure(env, status) : nameinfo_to_js(env, host, serv));
  napi_close_handle_scope(env, scope);
}

static async_req* new_req(napi_env env, gf_names* names, napi_value cb) {
  napi_valuetype t;
  async_req* r;
  if (napi_typeof(env, cb, &t) != napi_ok || t != napi_function) return NULL;
  r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->names = names;
  r->st = names->st;
  napi_create_reference(env, cb, 1, &r->cb);
  if (names->next_id <= 0 || names->next_id == INT32_MAX) names->next_id = 1;
  r->id = names->next_id++;
  r->next = names->reqs;
  if (r->next) r->next->prev = r;
  names->reqs = r;
  return r;
}

/* getaddrinfoAsync(host, service, family, type, proto, flags, cb) -> 0 or -errno; cb(result) later. */
static napi_value gai_async(napi_env env, napi_callback_info info) {
  gf_names* names;
  napi_value a[7];
  gai_args g;
  async_req* r;
  int e;
  if (gf_args_data(env, info, 7, a, (void**)&names) || read_gai_args(env, a, &g)) return gf_num(env, -EINVAL);
  if (!(r = new_req(env, names, a[6]))) return gf_num(env, -EINVAL);
  e = uv_getaddrinfo(r->st->loop, &r->req.gai, on_gai, g.has_host ? g.host : NULL, g.has_serv ? g.serv : NULL, &g.hints);
  if (e) { drop_req(env, r); return gf_num(env, e); }
  return gf_num(env, r->id);
}

/* getnameinfoAsync(family, address, flags, cb) -> 0 or -errno. */
static napi_value gni_async(napi_env env, napi_callback_info info) {
  gf_names* names;
  napi_value a[4];
  int64_t fam, flags;
  struct sockaddr_storage ss;
  socklen_t len;
  async_req* r;
  int e;
  if (gf_args_data(env, info, 4, a, (void**)&names) || gf_arg_int(env, a[0], 0, 65535, &fam) || gf_arg_int(env, a[2], 0, INT32_MAX, &flags))
    return gf_num(env, -EINVAL);
  if (fam != AF_INET && fam != AF_INET6) return gf_num(env, -EAFNOSUPPORT);
  if ((e = gf_addr_from_js(env, (int)fam, a[1], &ss, &len))) return gf_num(env, e);
  if (!(r = new_req(env, names, a[3]))) return gf_num(env, -EINVAL);
  e = uv_getnameinfo(r->st->loop, &r->req.gni, on_gni, (struct sockaddr*)&ss, (int)flags);
  if (e) { drop_req(env, r); return gf_num(env, e); }
  return gf_num(env, r->id);
}

/* nameCancel(id) -> 0, or -EBUSY when a thread already runs it (it ends on its own; its callback
 * comes as usual). A cancelled request's callback gets EAI_CANCELED. An unknown id (done) is 0. */
static napi_value name_cancel(napi_env env, napi_callback_info info) {
  gf_names* names;
  napi_value a[1];
  int64_t id;
  async_req* r;
  if (gf_args_data(env, info, 1, a, (void**)&names) || gf_arg_int(env, a[0], 1, INT32_MAX, &id)) return gf_num(env, -EINVAL);
  for (r = names->reqs; r; r = r->next)
    if (r->id == id) return gf_num(env, uv_cancel((uv_req_t*)&r->req));
  return gf_num(env, 0);
}

static napi_value sys_gethostname(napi_env env, napi_callback_info info) {
  char buf[256];
  if (gethostname(buf, sizeof buf) < 0) return gf_num(env, -errno);
  buf[sizeof buf - 1] = '\0';
  return gf_str(env, buf, NAPI_AUTO_LENGTH);
}

static napi_value gai_strerror_js(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int64_t code;
  if (gf_args(env, info, 1, a) || gf_arg_int(env, a[0], INT32_MIN, INT32_MAX, &code)) return gf_str(env, "Unknown error", 13);
  return gf_str(env, gai_strerror((int)code), NAPI_AUTO_LENGTH);
}

/* Environment teardown: lookups still queued are cancelled (their callbacks come at once, with
 * UV_EAI_CANCELED); one a thread runs ends on its own. The teardown waits for both (gf_names_busy). */
void gf_names_cleanup(gf_names* names) {
  for (async_req* r = names->reqs; r; r = r->next) uv_cancel((uv_req_t*)&r->req);
}

int gf_names_busy(const gf_names* names) {
  return names->reqs != NULL;
}

void gf_names_free(gf_names* names) {
  free(names);
}

int gf_names_init(napi_env env, napi_value exports, gf_state* st) {
  napi_property_descriptor methods[] = {
    GF_METHOD("getaddrinfoSync", gai_sync),
    GF_METHOD("getnameinfoSync", gni_sync),
    GF_METHOD("getaddrinfoAsync", gai_async),
    GF_METHOD("getnameinfoAsync", gni_async),
    GF_METHOD("nameCancel", name_cancel),
    GF_METHOD("gethostname", sys_gethostname),
    GF_METHOD("gaiStrerror", gai_strerror_js),
  };
  gf_names* names = calloc(1, sizeof *names);
  if (!names) return -ENOMEM;
  names->st = st;
  st->names = names;
  GF_DEFINE(env, exports, methods, names);
  return 0;
}
