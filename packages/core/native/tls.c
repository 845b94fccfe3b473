/* TLS on a socket's own fd with the OpenSSL inside Node (the `@greenfiber/socket/ssl` native engine).
 *
 * Node's binary exports OpenSSL's symbols (or links a shared libssl that is loaded globally), so
 * nothing here includes or links OpenSSL: the functions are looked up at first use with
 * libuv's uv_dlsym on the main program, their types are opaque pointers, and the few constants are copied below from
 * OpenSSL 3's public headers, whose ABI is stable across 3.x. This keeps prebuilds (made with no
 * OpenSSL headers, cross-compiled for arm64 and musl) working with the OpenSSL of whichever Node
 * loads them. When a symbol is missing, or the library is older than 3.0 (or is BoringSSL, as in
 * Electron), `tlsAvailable()` says why and greenfiber keeps to the node:tls engine; nothing aborts.
 *
 * Policy lives in TypeScript; this file only wraps calls. Results: >= 0 success; a status
 * (GF_TLS_*: -1 an SSL error, -2 want read, -3 want write, -5 a system error, -6 close_notify read)
 * whose detail `tlsError` returns; -22 (EINVAL) for an argument of the wrong type or range. */
#include "gf.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ssl.h: SSL_get_error results. */
#define SSL_ERROR_NONE 0
#define SSL_ERROR_SSL 1
#define SSL_ERROR_WANT_READ 2
#define SSL_ERROR_WANT_WRITE 3
#define SSL_ERROR_SYSCALL 5
#define SSL_ERROR_ZERO_RETURN 6
/* ssl.h: SSL_ctrl / SSL_CTX_ctrl commands behind the macros SSL_CTX_set_mode,
 * SSL_set_tlsext_host_name, SSL_CTX_set_{min,max}_proto_version, SSL_CTX_add0_chain_cert. */
#define SSL_CTRL_MODE 33
#define SSL_CTRL_SET_TLSEXT_HOSTNAME 55
#define SSL_CTRL_CHAIN_CERT 89
#define SSL_CTRL_SET_MIN_PROTO_VERSION 123
#define SSL_CTRL_SET_MAX_PROTO_VERSION 124
/* tls1.h */
#define TLSEXT_NAMETYPE_host_name 0
#define SSL_TLSEXT_ERR_OK 0
#define SSL_TLSEXT_ERR_ALERT_FATAL 2
/* ssl.h: modes. Partial writes let a write report each record it sent (so an interrupted sendall
 * knows its progress); a moving buffer lets a retry pass another view of the same bytes. */
#define SSL_MODE_ENABLE_PARTIAL_WRITE 0x1
#define SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER 0x2
#define SSL_MODE_AUTO_RETRY 0x4
/* ssl.h: verify modes. */
#define SSL_VERIFY_NONE 0x0
#define SSL_VERIFY_PEER 0x1
#define SSL_VERIFY_FAIL_IF_NO_PEER_CERT 0x2
/* x509v3.h: CPython's host check (no partial wildcards such as f*.example.com). */
#define X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS 0x4
/* err.h: a system error code carries this flag and the errno below it (OpenSSL 3), or is packed
 * under ERR_LIB_SYS. */
#define ERR_SYSTEM_FLAG ((unsigned long)INT_MAX + 1)
#define ERR_LIB_OFFSET 23
#define ERR_LIB_MASK 0xFF
#define ERR_REASON_MASK 0x7FFFFF
#define ERR_LIB_SYS 2

/* Our statuses (negative, distinct from -EINVAL). */
#define GF_TLS_SSL (-1)
#define GF_TLS_WANT_READ (-2)
#define GF_TLS_WANT_WRITE (-3)
#define GF_TLS_SYSCALL (-5)
#define GF_TLS_ZERO_RETURN (-6)
#define GF_TLS_EINVAL (-22)

typedef void* P;
typedef int (*alpn_select_cb)(P ssl, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                              unsigned int inlen, void* arg);
typedef int (*pem_password_cb)(char* buf, int size, int rwflag, void* u);

/* Every function used, with its OpenSSL 3 prototype (opaque pointers for the types). */
#define GF_TLS_FUNCS(X)                                                                          \
  X(unsigned long, OpenSSL_version_num, (void))                                                  \
  X(P, TLS_method, (void))                                                                       \
  X(P, SSL_CTX_new, (P method))                                                                  \
  X(void, SSL_CTX_free, (P ctx))                                                                 \
  X(long, SSL_CTX_ctrl, (P ctx, int cmd, long larg, P parg))                                     \
  X(int, SSL_CTX_set_cipher_list, (P ctx, const char* list))                                     \
  X(int, SSL_CTX_set_ciphersuites, (P ctx, const char* list))                                    \
  X(int, SSL_CTX_use_certificate, (P ctx, P x509))                                               \
  X(int, SSL_CTX_use_PrivateKey, (P ctx, P pkey))                                                \
  X(int, SSL_CTX_check_private_key, (P ctx))                                                     \
  X(P, SSL_CTX_get_cert_store, (P ctx))                                                          \
  X(int, SSL_CTX_set_alpn_protos, (P ctx, const unsigned char* protos, unsigned int len))        \
  X(void, SSL_CTX_set_alpn_select_cb, (P ctx, alpn_select_cb cb, void* arg))                     \
  X(int, SSL_CTX_set_session_id_context, (P ctx, const unsigned char* id, unsigned int len))     \
  X(int, X509_STORE_add_cert, (P store, P x509))                                                 \
  X(P, BIO_new_mem_buf, (const void* data, int len))                                             \
  X(int, BIO_free, (P bio))                                                                      \
  X(P, PEM_read_bio_X509, (P bio, P* out, pem_password_cb cb, void* u))                          \
  X(P, PEM_read_bio_PrivateKey, (P bio, P* out, pem_password_cb cb, void* u))                    \
  X(void, X509_free, (P x509))                                                                   \
  X(void, EVP_PKEY_free, (P pkey))                                                               \
  X(int, i2d_X509, (P x509, unsigned char** out))                                                \
  X(P, SSL_new, (P ctx))                                                                         \
  X(void, SSL_free, (P ssl))                                                                     \
  X(int, SSL_set_fd, (P ssl, int fd))                                                            \
  X(void, SSL_set_connect_state, (P ssl))                                                        \
  X(void, SSL_set_accept_state, (P ssl))                                                         \
  X(long, SSL_ctrl, (P ssl, int cmd, long larg, P parg))                                         \
  X(void, SSL_set_verify, (P ssl, int mode, P cb))                                               \
  X(P, SSL_get0_param, (P ssl))                                                                  \
  X(int, X509_VERIFY_PARAM_set1_host, (P param, const char* name, size_t len))                   \
  X(int, X509_VERIFY_PARAM_set1_ip_asc, (P param, const char* ip))                               \
  X(void, X509_VERIFY_PARAM_set_hostflags, (P param, unsigned int flags))                        \
  X(int, SSL_do_handshake, (P ssl))                                                              \
  X(int, SSL_read_ex, (P ssl, void* buf, size_t num, size_t* readbytes))                         \
  X(int, SSL_write_ex, (P ssl, const void* buf, size_t num, size_t* written))                    \
  X(int, SSL_shutdown, (P ssl))                                                                  \
  X(int, SSL_get_error, (P ssl, int ret))                                                        \
  X(int, SSL_pending, (P ssl))                                                                   \
  X(P, SSL_get1_peer_certificate, (P ssl))                                                       \
  X(const char*, SSL_get_version, (P ssl))                                                       \
  X(P, SSL_get_current_cipher, (P ssl))                                                          \
  X(const char*, SSL_CIPHER_standard_name, (P cipher))                                           \
  X(const char*, SSL_CIPHER_get_version, (P cipher))                                             \
  X(int, SSL_CIPHER_get_bits, (P cipher, int* alg_bits))                                         \
  X(void, SSL_get0_alpn_selected, (P ssl, const unsigned char** data, unsigned int* len))        \
  X(long, SSL_get_verify_result, (P ssl))                                                        \
  X(const char*, X509_verify_cert_error_string, (long n))                                        \
  X(unsigned long, ERR_peek_last_error, (void))                                                  \
  X(void, ERR_clear_error, (void))                                                               \
  X(const char*, ERR_reason_error_string, (unsigned long e))                                     \
  X(const char*, ERR_lib_error_string, (unsigned long e))

#define GF_TLS_FIELD(ret, name, args) ret(*name) args;
static struct { GF_TLS_FUNCS(GF_TLS_FIELD) } O;
#undef GF_TLS_FIELD

/* 0 not tried yet, 1 loaded, -1 unavailable (why: `missing`). Symbols are process-wide, so one
 * lookup serves every environment; a race between two workers writes the same values. */
static int loaded = 0;
static char missing[160];

static int tls_load(void) {
  if (loaded) return loaded;
  /* libuv's dlopen of the main program (never closed: it is the process itself). Not dlsym directly:
   * glibc 2.34 moved it into libc under a new symbol version, which would make the whole addon
   * refuse to load on an older glibc, while everything else here needs only 2.28. */
  static uv_lib_t self;
  if (uv_dlopen(NULL, &self) != 0) {
    snprintf(missing, sizeof missing, "cannot open the main program: %s", uv_dlerror(&self));
    return loaded = -1;
  }
#define GF_TLS_LOAD(ret, name, args)                                                  \
  if (uv_dlsym(&self, #name, (void**)&O.name) != 0) O.name = NULL;                    \
  if (O.name == NULL) {                                                               \
    snprintf(missing, sizeof missing, "OpenSSL symbol %s is not exported", #name);    \
    return loaded = -1;                                                               \
  }
  GF_TLS_FUNCS(GF_TLS_LOAD)
#undef GF_TLS_LOAD
  /* 3.0 or later: the prototypes above (SSL_get1_peer_certificate, uint64_t options) are 3.x's.
   * BoringSSL and LibreSSL report other numbers (or lack symbols above). */
  if (O.OpenSSL_version_num() < 0x30000000UL) {
    snprintf(missing, sizeof missing, "OpenSSL %#lx is older than 3.0", O.OpenSSL_version_num());
    return loaded = -1;
  }
  return loaded = 1;
}

/* ---------------------------------------------------------------- objects */

#define CTX_MAGIC 0x67667463u  /* "gftc" */
#define CONN_MAGIC 0x67667473u /* "gfts" */

/* An SSL_CTX with what its callbacks read; shared by its JS handle and every connection made from it. */
typedef struct {
  uint32_t magic;
  int refs;
  P ctx;
  unsigned char* alpn; /* the server's ALPN list, wire format */
  unsigned int alpn_len;
} tls_ctx;

typedef struct {
  uint32_t magic;
  P ssl;
  tls_ctx* ctx;
  int status;       /* a failure found after a read that returned bytes: returned by the next call */
  int sys_errno;    /* the errno of the last GF_TLS_SYSCALL */
  long verify;      /* SSL_get_verify_result at the last GF_TLS_SSL */
  char lib[64];     /* the last error's library and reason text */
  char reason[128];
} tls_conn;

static void ctx_unref(tls_ctx* c) {
  if (--c->refs > 0) return;
  if (c->ctx) O.SSL_CTX_free(c->ctx);
  free(c->alpn);
  c->magic = 0;
  free(c);
}

static void conn_release(tls_conn* t) {
  if (!t->ssl) return;
  O.SSL_free(t->ssl);
  t->ssl = NULL;
  ctx_unref(t->ctx);
  t->ctx = NULL;
}

static void ctx_finalize(napi_env env, void* data, void* hint) {
  ctx_unref(data);
}

static void conn_finalize(napi_env env, void* data, void* hint) {
  tls_conn* t = data;
  conn_release(t);
  t->magic = 0;
  free(t);
}

static tls_ctx* arg_ctx(napi_env env, napi_value v) {
  void* p = NULL;
  if (loaded != 1 || napi_get_value_external(env, v, &p) != napi_ok || !p) return NULL;
  return ((tls_ctx*)p)->magic == CTX_MAGIC ? p : NULL;
}

/* A live connection (not freed). */
static tls_conn* arg_conn(napi_env env, napi_value v) {
  void* p = NULL;
  if (loaded != 1 || napi_get_value_external(env, v, &p) != napi_ok || !p) return NULL;
  tls_conn* t = p;
  return t->magic == CONN_MAGIC && t->ssl ? t : NULL;
}

/* ---------------------------------------------------------------- errors */

static void copy_text(char* dst, size_t cap, const char* src) {
  snprintf(dst, cap, "%s", src ? src : "");
}

/* [library, reason] of the queue's last error (CPython reports that one), then clears the queue. */
static napi_value err_pair(napi_env env) {
  unsigned long e = O.ERR_peek_last_error();
  napi_value arr;
  napi_create_array_with_length(env, 2, &arr);
  const char* lib = e ? O.ERR_lib_error_string(e) : NULL;
  const char* reason = e ? O.ERR_reason_error_string(e) : NULL;
  napi_set_element(env, arr, 0, gf_str(env, lib ? lib : "", NAPI_AUTO_LENGTH));
  napi_set_element(env, arr, 1, gf_str(env, reason ? reason : "unknown error", NAPI_AUTO_LENGTH));
  O.ERR_clear_error();
  return arr;
}

static int sys_errno_of(unsigned long e) {
  if (e & ERR_SYSTEM_FLAG) return (int)(e & (unsigned long)INT_MAX);
  if (((e >> ERR_LIB_OFFSET) & ERR_LIB_MASK) == ERR_LIB_SYS) return (int)(e & ERR_REASON_MASK);
  return 0;
}

/* Turns a failed call's result into a status, keeping its detail on the connection. `saved` is
 * errno as the call left it (read before anything else can change it). */
static int status_of(tls_conn* t, int ret, int saved) {
  int code = O.SSL_get_error(t->ssl, ret);
  unsigned long e = O.ERR_peek_last_error();
  int st;
  if (code == SSL_ERROR_WANT_READ) st = GF_TLS_WANT_READ;
  else if (code == SSL_ERROR_WANT_WRITE) st = GF_TLS_WANT_WRITE;
  else if (code == SSL_ERROR_ZERO_RETURN) st = GF_TLS_ZERO_RETURN;
  else if (e != 0 && sys_errno_of(e) != 0) {
    /* A failed read(2)/write(2) that OpenSSL put on its queue. */
    st = GF_TLS_SYSCALL;
    t->sys_errno = sys_errno_of(e);
  } else if (code == SSL_ERROR_SYSCALL && e == 0) {
    /* errno 0: the transport's EOF where OpenSSL did not call it UNEXPECTED_EOF itself. */
    st = GF_TLS_SYSCALL;
    t->sys_errno = saved;
  } else {
    st = GF_TLS_SSL;
    t->verify = O.SSL_get_verify_result(t->ssl);
    copy_text(t->lib, sizeof t->lib, e ? O.ERR_lib_error_string(e) : NULL);
    copy_text(t->reason, sizeof t->reason, e ? O.ERR_reason_error_string(e) : "unknown error");
  }
  O.ERR_clear_error();
  return st;
}

/* ---------------------------------------------------------------- contexts */

/* The passphrase callback: the given password, never a terminal prompt (OpenSSL's default). */
static int password_cb(char* buf, int size, int rwflag, void* u) {
  if (!u) return -1;
  size_t n = strlen(u);
  if (n > (size_t)size) return -1;
  memcpy(buf, u, n);
  return (int)n;
}

/* tlsAvailable(): true, or why the engine cannot run here. */
static napi_value js_available(napi_env env, napi_callback_info info) {
  napi_value v;
  if (tls_load() == 1) {
    napi_get_boolean(env, true, &v);
    return v;
  }
  return gf_str(env, missing, NAPI_AUTO_LENGTH);
}

/* tlsContextNew(server 0|1): an external, or [library, reason]. */
static napi_value js_ctx_new(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  int64_t server;
  if (tls_load() != 1 || gf_args(env, info, 1, argv) || gf_arg_int(env, argv[0], 0, 1, &server)) return gf_num(env, GF_TLS_EINVAL);
  tls_ctx* c = calloc(1, sizeof *c);
  if (!c) return gf_num(env, -ENOMEM);
  O.ERR_clear_error();
  c->magic = CTX_MAGIC;
  c->refs = 1;
  c->ctx = O.SSL_CTX_new(O.TLS_method());
  if (!c->ctx) {
    napi_value e = err_pair(env);
    free(c);
    return e;
  }
  O.SSL_CTX_ctrl(c->ctx, SSL_CTRL_MODE, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_AUTO_RETRY, NULL);
  /* A server that asks for client certificates needs a session id context, or resumption fails. */
  if (server) O.SSL_CTX_set_session_id_context(c->ctx, (const unsigned char*)"greenfiber", 10);
  if (napi_create_external(env, c, ctx_finalize, NULL, &out) != napi_ok) {
    ctx_unref(c);
    return gf_num(env, -ENOMEM);
  }
  return out;
}

/* Reads an optional string argument into a malloc'd C string (*out NULL for null/undefined). */
static int arg_cstr(napi_env env, napi_value v, char** out) {
  size_t n = 0;
  napi_valuetype t;
  *out = NULL;
  if (gf_arg_is_nullish(env, v)) return 0;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_string) return -1;
  if (napi_get_value_string_utf8(env, v, NULL, 0, &n) != napi_ok) return -1;
  char* s = malloc(n + 1);
  if (!s) return -1;
  if (napi_get_value_string_utf8(env, v, s, n + 1, &n) != napi_ok || strlen(s) != n) {
    free(s); /* an embedded NUL would cut the C string short: refused */
    return -1;
  }
  *out = s;
  return 0;
}

/* tlsContextConfigure(ctx, minVersion, maxVersion, cipherList|null, cipherSuites|null): 0 or [library, reason]. */
static napi_value js_ctx_configure(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  int64_t minv, maxv;
  char *list = NULL, *suites = NULL;
  tls_ctx* c;
  if (gf_args(env, info, 5, argv) || !(c = arg_ctx(env, argv[0])) || gf_arg_int(env, argv[1], 0, 0xFFFF, &minv) ||
      gf_arg_int(env, argv[2], 0, 0xFFFF, &maxv) || arg_cstr(env, argv[3], &list))
    return gf_num(env, GF_TLS_EINVAL);
  if (arg_cstr(env, argv[4], &suites)) {
    free(list);
    return gf_num(env, GF_TLS_EINVAL);
  }
  O.ERR_clear_error();
  int ok = O.SSL_CTX_ctrl(c->ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, (long)minv, NULL) == 1 &&
           O.SSL_CTX_ctrl(c->ctx, SSL_CTRL_SET_MAX_PROTO_VERSION, (long)maxv, NULL) == 1 &&
           (!list || O.SSL_CTX_set_cipher_list(c->ctx, list) == 1) && (!suites || O.SSL_CTX_set_ciphersuites(c->ctx, suites) == 1);
  free(list);
  free(suites);
  return ok ? gf_num(env, 0) : err_pair(env);
}

/* tlsContextAddCa(ctx, pem bytes): how many certificates it trusts now from them, or [library, reason]. */
static napi_value js_ctx_add_ca(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  uint8_t* data;
  size_t len;
  tls_ctx* c;
  if (gf_args(env, info, 2, argv) || !(c = arg_ctx(env, argv[0])) || gf_arg_bytes(env, argv[1], &data, &len) || len > INT_MAX)
    return gf_num(env, GF_TLS_EINVAL);
  O.ERR_clear_error();
  P bio = O.BIO_new_mem_buf(data, (int)len);
  if (!bio) return err_pair(env);
  P store = O.SSL_CTX_get_cert_store(c->ctx);
  int count = 0;
  P x;
  while ((x = O.PEM_read_bio_X509(bio, NULL, password_cb, NULL)) != NULL) {
    /* A certificate already in the store (loaded twice) is not an error since OpenSSL 1.1.1. */
    if (O.X509_STORE_add_cert(store, x) == 1) count++;
    O.X509_free(x);
  }
  O.BIO_free(bio);
  /* The loop ends with PEM's "no start line" at the end of the text: expected, not an error. */
  O.ERR_clear_error();
  return gf_num(env, count);
}

/* tlsContextUseCert(ctx, certPem, keyPem, passphrase|null): the chain's first certificate is the
 * leaf, the others its chain. 0 or [library, reason]. */
static napi_value js_ctx_use_cert(napi_env env, napi_callback_info info) {
  napi_value argv[4], result;
  uint8_t *cert, *key;
  size_t cert_len, key_len;
  char* pass = NULL;
  tls_ctx* c;
  if (gf_args(env, info, 4, argv) || !(c = arg_ctx(env, argv[0])) || gf_arg_bytes(env, argv[1], &cert, &cert_len) ||
      gf_arg_bytes(env, argv[2], &key, &key_len) || cert_len > INT_MAX || key_len > INT_MAX || arg_cstr(env, argv[3], &pass))
    return gf_num(env, GF_TLS_EINVAL);
  O.ERR_clear_error();
  P x = NULL, pkey = NULL, bio = O.BIO_new_mem_buf(cert, (int)cert_len);
  int ok = bio != NULL && (x = O.PEM_read_bio_X509(bio, NULL, password_cb, NULL)) != NULL && O.SSL_CTX_use_certificate(c->ctx, x) == 1;
  if (ok) {
    P extra;
    while ((extra = O.PEM_read_bio_X509(bio, NULL, password_cb, NULL)) != NULL) {
      /* add0: the context takes it. */
      if (O.SSL_CTX_ctrl(c->ctx, SSL_CTRL_CHAIN_CERT, 0, extra) != 1) {
        O.X509_free(extra);
        ok = 0;
        break;
      }
    }
    if (ok) O.ERR_clear_error(); /* the chain's end ("no start line") */
  }
  if (bio) O.BIO_free(bio);
  if (x) O.X509_free(x);
  if (ok) {
    P kbio = O.BIO_new_mem_buf(key, (int)key_len);
    ok = kbio != NULL && (pkey = O.PEM_read_bio_PrivateKey(kbio, NULL, password_cb, pass)) != NULL &&
         O.SSL_CTX_use_PrivateKey(c->ctx, pkey) == 1 && O.SSL_CTX_check_private_key(c->ctx) == 1;
    if (kbio) O.BIO_free(kbio);
    if (pkey) O.EVP_PKEY_free(pkey);
  }
  if (pass) {
    memset(pass, 0, strlen(pass));
    free(pass);
  }
  if (ok) {
    O.ERR_clear_error();
    return gf_num(env, 0);
  }
  result = err_pair(env);
  return result;
}

/* Server side: the first of the server's protocols (its order of preference) that the client
 * offers, or the no_application_protocol alert (RFC 7301 3.2). Both lists are in wire format:
 * length-prefixed names. The client's comes off the network: every length is checked. */
static int alpn_select(P ssl, const unsigned char** out, unsigned char* outlen, const unsigned char* in, unsigned int inlen, void* arg) {
  tls_ctx* c = arg;
  for (unsigned int i = 0; i < c->alpn_len; i += 1u + c->alpn[i]) {
    unsigned int n = c->alpn[i];
    for (unsigned int j = 0; j < inlen && j + 1u + in[j] <= inlen; j += 1u + in[j]) {
      if (in[j] == n && n > 0 && memcmp(in + j + 1, c->alpn + i + 1, n) == 0) {
        *out = in + j + 1;
        *outlen = (unsigned char)n;
        return SSL_TLSEXT_ERR_OK;
      }
    }
  }
  return SSL_TLSEXT_ERR_ALERT_FATAL;
}

/* A well-formed wire list: non-empty names, lengths that add up. */
static int alpn_wire_ok(const uint8_t* p, size_t len) {
  size_t i = 0;
  if (len == 0 || len > 65535) return 0;
  while (i < len) {
    if (p[i] == 0 || i + 1 + p[i] > len) return 0;
    i += 1 + p[i];
  }
  return 1;
}

/* tlsContextSetAlpn(ctx, wire bytes, server 0|1): 0 or [library, reason]. */
static napi_value js_ctx_set_alpn(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  uint8_t* data;
  size_t len;
  int64_t server;
  tls_ctx* c;
  if (gf_args(env, info, 3, argv) || !(c = arg_ctx(env, argv[0])) || gf_arg_bytes(env, argv[1], &data, &len) ||
      gf_arg_int(env, argv[2], 0, 1, &server) || !alpn_wire_ok(data, len))
    return gf_num(env, GF_TLS_EINVAL);
  O.ERR_clear_error();
  if (!server) return O.SSL_CTX_set_alpn_protos(c->ctx, data, (unsigned int)len) == 0 ? gf_num(env, 0) : err_pair(env);
  unsigned char* copy = malloc(len);
  if (!copy) return gf_num(env, -ENOMEM);
  memcpy(copy, data, len);
  free(c->alpn);
  c->alpn = copy;
  c->alpn_len = (unsigned int)len;
  O.SSL_CTX_set_alpn_select_cb(c->ctx, alpn_select, c);
  return gf_num(env, 0);
}

/* ---------------------------------------------------------------- connections */

/* tlsNew(ctx, fd, server 0|1, verifyMode 0|1|2, sni|null, checkName|null, checkIsIp 0|1): an external
 * or [library, reason]. The fd stays the socket's: SSL_free never closes it. */
static napi_value js_new(napi_env env, napi_callback_info info) {
  napi_value argv[7], out;
  int64_t fd, server, mode, is_ip;
  char *sni = NULL, *name = NULL;
  tls_ctx* c;
  if (gf_args(env, info, 7, argv) || !(c = arg_ctx(env, argv[0])) || gf_arg_int(env, argv[1], 0, INT_MAX, &fd) ||
      gf_arg_int(env, argv[2], 0, 1, &server) || gf_arg_int(env, argv[3], 0, 2, &mode) || gf_arg_int(env, argv[6], 0, 1, &is_ip) ||
      arg_cstr(env, argv[4], &sni))
    return gf_num(env, GF_TLS_EINVAL);
  if (arg_cstr(env, argv[5], &name)) {
    free(sni);
    return gf_num(env, GF_TLS_EINVAL);
  }
  tls_conn* t = calloc(1, sizeof *t);
  napi_value result = NULL;
  P ssl = NULL;
  if (!t) goto fail_mem;
  O.ERR_clear_error();
  ssl = O.SSL_new(c->ctx);
  if (!ssl || O.SSL_set_fd(ssl, (int)fd) != 1) goto fail_ssl;
  /* CPython's verify modes: a client verifies with CERT_OPTIONAL as with CERT_REQUIRED; a server
   * asks for a certificate with either, and requires one with CERT_REQUIRED. */
  int verify = mode == 0 ? SSL_VERIFY_NONE : SSL_VERIFY_PEER | (server && mode == 2 ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0);
  O.SSL_set_verify(ssl, verify, NULL);
  if (sni && O.SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, sni) != 1) goto fail_ssl;
  if (name) {
    P param = O.SSL_get0_param(ssl);
    O.X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if ((is_ip ? O.X509_VERIFY_PARAM_set1_ip_asc(param, name) : O.X509_VERIFY_PARAM_set1_host(param, name, 0)) != 1) goto fail_ssl;
  }
  if (server) O.SSL_set_accept_state(ssl);
  else O.SSL_set_connect_state(ssl);
  t->magic = CONN_MAGIC;
  t->ssl = ssl;
  t->ctx = c;
  c->refs++;
  if (napi_create_external(env, t, conn_finalize, NULL, &out) != napi_ok) {
    conn_release(t);
    free(t);
    result = gf_num(env, -ENOMEM);
  } else {
    result = out;
  }
  free(sni);
  free(name);
  return result;
fail_ssl:
  result = err_pair(env);
  if (ssl) O.SSL_free(ssl);
  free(t);
  free(sni);
  free(name);
  return result;
fail_mem:
  free(sni);
  free(name);
  return gf_num(env, -ENOMEM);
}

/* tlsHandshake(conn): 1 once done, or a status. */
static napi_value js_handshake(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  tls_conn* t;
  if (gf_args(env, info, 1, argv) || !(t = arg_conn(env, argv[0]))) return gf_num(env, GF_TLS_EINVAL);
  O.ERR_clear_error();
  errno = 0;
  int r = O.SSL_do_handshake(t->ssl);
  int saved = errno;
  return gf_num(env, r == 1 ? 1 : status_of(t, r, saved));
}

/* tlsRead(conn, buf, offset, length): plaintext bytes read into buf (as many records as are ready,
 * up to length), or a status. A failure after some bytes is kept for the next call. */
static napi_value js_read(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  tls_conn* t;
  uint8_t* p;
  size_t n, got = 0;
  if (gf_args(env, info, 4, argv) || !(t = arg_conn(env, argv[0])) || gf_arg_window(env, argv + 1, &p, &n)) return gf_num(env, GF_TLS_EINVAL);
  if (t->status) {
    int st = t->status;
    /* Wants are not kept: they are only true at the time. */
    t->status = 0;
    return gf_num(env, st);
  }
  O.ERR_clear_error();
  while (got < n) {
    size_t k = 0;
    errno = 0;
    int r = O.SSL_read_ex(t->ssl, p + got, n - got, &k);
    int saved = errno;
    if (r == 1) {
      got += k;
      continue;
    }
    int st = status_of(t, r, saved);
    if (got == 0) return gf_num(env, st);
    if (st != GF_TLS_WANT_READ && st != GF_TLS_WANT_WRITE) t->status = st;
    break;
  }
  return gf_num(env, (double)got);
}

/* tlsWrite(conn, buf, offset, length): bytes taken (each a whole record sent, or the last one queued
 * in OpenSSL, which a retry with the same bytes finishes), or a status when none were. */
static napi_value js_write(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  tls_conn* t;
  uint8_t* p;
  size_t n, done = 0;
  if (gf_args(env, info, 4, argv) || !(t = arg_conn(env, argv[0])) || gf_arg_window(env, argv + 1, &p, &n)) return gf_num(env, GF_TLS_EINVAL);
  if (n == 0) return gf_num(env, 0);
  O.ERR_clear_error();
  while (done < n) {
    size_t k = 0;
    errno = 0;
    int r = O.SSL_write_ex(t->ssl, p + done, n - done, &k);
    int saved = errno;
    if (r == 1) {
      done += k;
      continue;
    }
    int st = status_of(t, r, saved);
    if (done == 0) return gf_num(env, st);
    break;
  }
  return gf_num(env, (double)done);
}

/* tlsShutdown(conn): 0 close_notify sent, the peer's not read yet; 1 both done; or a status. */
static napi_value js_shutdown(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  tls_conn* t;
  if (gf_args(env, info, 1, argv) || !(t = arg_conn(env, argv[0]))) return gf_num(env, GF_TLS_EINVAL);
  O.ERR_clear_error();
  errno = 0;
  int r = O.SSL_shutdown(t->ssl);
  int saved = errno;
  if (r == 1 || r == 0) {
    O.ERR_clear_error();
    return gf_num(env, r);
  }
  return gf_num(env, status_of(t, r, saved));
}

/* tlsPending(conn): decrypted bytes ready in OpenSSL. */
static napi_value js_pending(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  tls_conn* t;
  if (gf_args(env, info, 1, argv) || !(t = arg_conn(env, argv[0]))) return gf_num(env, GF_TLS_EINVAL);
  return gf_num(env, O.SSL_pending(t->ssl));
}

/* tlsInfo(conn): [version, cipher standard name, cipher protocol, secret bits, ALPN protocol or null]. */
static napi_value js_info(napi_env env, napi_callback_info info) {
  napi_value argv[1], arr, alpn;
  tls_conn* t;
  if (gf_args(env, info, 1, argv) || !(t = arg_conn(env, argv[0]))) return gf_num(env, GF_TLS_EINVAL);
  P cipher = O.SSL_get_current_cipher(t->ssl);
  const unsigned char* sel = NULL;
  unsigned int sel_len = 0;
  O.SSL_get0_alpn_selected(t->ssl, &sel, &sel_len);
  napi_create_array_with_length(env, 5, &arr);
  napi_set_element(env, arr, 0, gf_str(env, O.SSL_get_version(t->ssl), NAPI_AUTO_LENGTH));
  napi_set_element(env, arr, 1, gf_str(env, cipher ? O.SSL_CIPHER_standard_name(cipher) : "", NAPI_AUTO_LENGTH));
  napi_set_element(env, arr, 2, gf_str(env, cipher ? O.SSL_CIPHER_get_version(cipher) : "", NAPI_AUTO_LENGTH));
  napi_set_element(env, arr, 3, gf_num(env, cipher ? O.SSL_CIPHER_get_bits(cipher, NULL) : 0));
  if (sel && sel_len > 0) napi_create_string_latin1(env, (const char*)sel, sel_len, &alpn);
  else napi_get_null(env, &alpn);
  napi_set_element(env, arr, 4, alpn);
  return arr;
}

/* tlsPeerCert(conn): the peer's certificate (DER), or null. */
static napi_value js_peer_cert(napi_env env, napi_callback_info info) {
  napi_value argv[1], out;
  tls_conn* t;
  void* data;
  if (gf_args(env, info, 1, argv) || !(t = arg_conn(env, argv[0]))) return gf_num(env, GF_TLS_EINVAL);
  P x = O.SSL_get1_peer_certificate(t->ssl);
  if (!x) {
    napi_get_null(env, &out);
    return out;
  }
  int len = O.i2d_X509(x, NULL);
  if (len <= 0 || napi_create_buffer(env, (size_t)len, &data, &out) != napi_ok) {
    O.X509_free(x);
    O.ERR_clear_error();
    napi_get_null(env, &out);
    return out;
  }
  unsigned char* q = data;
  O.i2d_X509(x, &q);
  O.X509_free(x);
  return out;
}

/* tlsError(conn): the last failure's detail, [library, reason, errno, verifyCode, verifyMessage]. */
static napi_value js_error(napi_env env, napi_callback_info info) {
  napi_value argv[1], arr;
  void* p = NULL;
  if (gf_args(env, info, 1, argv) || loaded != 1 || napi_get_value_external(env, argv[0], &p) != napi_ok || !p ||
      ((tls_conn*)p)->magic != CONN_MAGIC)
    return gf_num(env, GF_TLS_EINVAL);
  tls_conn* t = p;
  napi_create_array_with_length(env, 5, &arr);
  napi_set_element(env, arr, 0, gf_str(env, t->lib, NAPI_AUTO_LENGTH));
  napi_set_element(env, arr, 1, gf_str(env, t->reason, NAPI_AUTO_LENGTH));
  napi_set_element(env, arr, 2, gf_num(env, t->sys_errno));
  napi_set_element(env, arr, 3, gf_num(env, (double)t->verify));
  const char* vm = O.X509_verify_cert_error_string(t->verify);
  napi_set_element(env, arr, 4, gf_str(env, vm ? vm : "", NAPI_AUTO_LENGTH));
  return arr;
}

/* tlsFree(conn): frees the SSL now (the socket closes or is unwrapped); later calls get EINVAL. */
static napi_value js_free(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  tls_conn* t;
  if (gf_args(env, info, 1, argv) || !(t = arg_conn(env, argv[0]))) return gf_num(env, GF_TLS_EINVAL);
  conn_release(t);
  return gf_num(env, 0);
}

void gf_tls_init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
    GF_METHOD("tlsAvailable", js_available),
    GF_METHOD("tlsContextNew", js_ctx_new),
    GF_METHOD("tlsContextConfigure", js_ctx_configure),
    GF_METHOD("tlsContextAddCa", js_ctx_add_ca),
    GF_METHOD("tlsContextUseCert", js_ctx_use_cert),
    GF_METHOD("tlsContextSetAlpn", js_ctx_set_alpn),
    GF_METHOD("tlsNew", js_new),
    GF_METHOD("tlsHandshake", js_handshake),
    GF_METHOD("tlsRead", js_read),
    GF_METHOD("tlsWrite", js_write),
    GF_METHOD("tlsShutdown", js_shutdown),
    GF_METHOD("tlsPending", js_pending),
    GF_METHOD("tlsInfo", js_info),
    GF_METHOD("tlsPeerCert", js_peer_cert),
    GF_METHOD("tlsError", js_error),
    GF_METHOD("tlsFree", js_free),
  };
  GF_DEFINE(env, exports, methods, NULL);
}
