/* Non-blocking BSD socket syscalls. Results are >= 0 (or an array) on success
 * and -errno on failure; EINTR is retried; sends never raise SIGPIPE. */
#include "gf.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/sendfile.h>
#elif defined(__APPLE__) || defined(__FreeBSD__)
#include <sys/uio.h>
#endif

/* Every fd made here is non-blocking and close-on-exec: atomically where socket(2) takes the flags
 * (Linux, the BSDs: accept4 too); elsewhere (macOS) fcntl sets them right after, as libuv does there.
 * Where SO_NOSIGPIPE exists (macOS, the BSDs) every socket gets it too, so a send never raises SIGPIPE
 * even where MSG_NOSIGNAL is missing. */
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC)
#define GF_ATOMIC_FLAGS 1 /* (glibc's SOCK_* are enum constants: an #if cannot read them) */
#define GF_SOCK_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)
#else
#define GF_ATOMIC_FLAGS 0
#define GF_SOCK_FLAGS 0
#endif
#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

#define FD_MAX INT32_MAX
#define ERR(env) gf_num(env, -EINVAL)

static int arg_fd(napi_env env, napi_value v, int* fd) {
  int64_t x;
  if (gf_arg_int(env, v, -1, FD_MAX, &x)) return -1;
  *fd = (int)x;
  return 0;
}

static int arg_i32(napi_env env, napi_value v, int* out) {
  int64_t x;
  if (gf_arg_int(env, v, INT32_MIN, INT32_MAX, &x)) return -1;
  *out = (int)x;
  return 0;
}

static napi_value result(napi_env env, long r) {
  return gf_num(env, r < 0 ? -errno : (double)r);
}

/* What GF_SOCK_FLAGS could not give a new socket: 0, or -errno after closing it. Nothing on Linux. */
static int fd_setup(int fd) {
  int e = 0;
#if !GF_ATOMIC_FLAGS
  int fl;
  if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 || (fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
    e = -errno;
#endif
#ifdef SO_NOSIGPIPE
  int on = 1;
  if (!e && setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on) < 0) e = -errno;
#endif
  if (e) close(fd);
  return e;
}

/* A [buffer, offset, length] window, checked against the buffer's size. */
static int arg_window(napi_env env, napi_value* argv, uint8_t** p, size_t* n) {
  uint8_t* data;
  size_t len;
  int64_t off, cnt;
  if (gf_arg_bytes(env, argv[0], &data, &len)) return -1;
  if (gf_arg_int(env, argv[1], 0, (int64_t)len, &off)) return -1;
  if (gf_arg_int(env, argv[2], 0, (int64_t)len - off, &cnt)) return -1;
  *p = data + off;
  *n = (size_t)cnt;
  return 0;
}

static napi_value sys_socket(napi_env env, napi_callback_info info) {
  napi_value a[3];
  int fam, type, proto;
  if (gf_args(env, info, 3, a) || arg_i32(env, a[0], &fam) || arg_i32(env, a[1], &type) || arg_i32(env, a[2], &proto))
    return ERR(env);
  int fd = socket(fam, type | GF_SOCK_FLAGS, proto), e;
  if (fd < 0) return gf_num(env, -errno);
  return gf_num(env, (e = fd_setup(fd)) ? e : fd);
}

static napi_value sys_socketpair(napi_env env, napi_callback_info info) {
  napi_value a[3], arr;
  int fam, type, proto, sv[2], e;
  if (gf_args(env, info, 3, a) || arg_i32(env, a[0], &fam) || arg_i32(env, a[1], &type) || arg_i32(env, a[2], &proto))
    return ERR(env);
  if (socketpair(fam, type | GF_SOCK_FLAGS, proto, sv) < 0) return gf_num(env, -errno);
  if ((e = fd_setup(sv[0]))) close(sv[1]);
  else if ((e = fd_setup(sv[1]))) close(sv[0]);
  if (e) return gf_num(env, e);
  napi_create_array_with_length(env, 2, &arr);
  napi_set_element(env, arr, 0, gf_num(env, sv[0]));
  napi_set_element(env, arr, 1, gf_num(env, sv[1]));
  return arr;
}

static napi_value sys_bind(napi_env env, napi_callback_info info) {
  napi_value a[3];
  int fd, fam, r;
  struct sockaddr_storage ss;
  socklen_t len;
  if (gf_args(env, info, 3, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &fam)) return ERR(env);
  if ((r = gf_addr_from_js(env, fam, a[2], &ss, &len))) return gf_num(env, r);
  return result(env, bind(fd, (struct sockaddr*)&ss, len));
}

static napi_value sys_connect(napi_env env, napi_callback_info info) {
  napi_value a[3];
  int fd, fam, r;
  struct sockaddr_storage ss;
  socklen_t len;
  if (gf_args(env, info, 3, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &fam)) return ERR(env);
  if ((r = gf_addr_from_js(env, fam, a[2], &ss, &len))) return gf_num(env, r);
  /* Not retried on EINTR: the connection goes on in the background, as with EINPROGRESS. */
  r = connect(fd, (struct sockaddr*)&ss, len);
  if (r < 0 && errno == EINTR) return gf_num(env, -EINPROGRESS);
  return result(env, r);
}

static napi_value sys_listen(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int fd, backlog;
  if (gf_args(env, info, 2, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &backlog)) return ERR(env);
  return result(env, listen(fd, backlog < 0 ? 0 : backlog));
}

static napi_value sys_accept(napi_env env, napi_callback_info info) {
  napi_value a[1], arr;
  int fd, e;
  long r;
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (gf_args(env, info, 1, a) || arg_fd(env, a[0], &fd)) return ERR(env);
#if GF_ATOMIC_FLAGS
  r = GF_RETRY(accept4(fd, (struct sockaddr*)&ss, &len, GF_SOCK_FLAGS));
#else
  r = GF_RETRY(accept(fd, (struct sockaddr*)&ss, &len));
#endif
  if (r < 0) return gf_num(env, -errno);
  if ((e = fd_setup((int)r))) return gf_num(env, e);
  napi_create_array_with_length(env, 2, &arr);
  napi_set_element(env, arr, 0, gf_num(env, (double)r));
  napi_set_element(env, arr, 1, gf_addr_to_js(env, (struct sockaddr*)&ss, len));
  return arr;
}

static napi_value sys_recv(napi_env env, napi_callback_info info) {
  napi_value a[5];
  int fd, flags;
  uint8_t* p;
  size_t n;
  if (gf_args(env, info, 5, a) || arg_fd(env, a[0], &fd) || arg_window(env, a + 1, &p, &n) || arg_i32(env, a[4], &flags))
    return ERR(env);
  return result(env, GF_RETRY(GF_RECV(fd, p, n, flags)));
}

/* setReadSlab(buffer) -> 0 or -EINVAL: the buffer recvSlab reads into, held until the next one.
 * Reads of the shared slab then cost no typed-array lookup. */
static napi_value sys_set_read_slab(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value a[1];
  uint8_t* data;
  size_t len;
  napi_ref ref;
  if (gf_args(env, info, 1, a) || gf_arg_bytes(env, a[0], &data, &len)) return ERR(env);
  if (napi_create_reference(env, a[0], 1, &ref) != napi_ok) return ERR(env);
  if (st->slab_ref) napi_delete_reference(env, st->slab_ref);
  st->slab_ref = ref;
  st->slab = data;
  st->slab_len = len;
  return gf_num(env, 0);
}

/* recvSlab(fd, length, flags) -> bytes read into the start of the read slab, or -errno. */
static napi_value sys_recv_slab(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value a[3];
  int fd, flags;
  int64_t cnt;
  if (gf_args(env, info, 3, a) || arg_fd(env, a[0], &fd) || !st->slab ||
      gf_arg_int(env, a[1], 0, (int64_t)st->slab_len, &cnt) || arg_i32(env, a[2], &flags))
    return ERR(env);
  return result(env, GF_RETRY(GF_RECV(fd, st->slab, (size_t)cnt, flags)));
}

static napi_value sys_recvfrom(napi_env env, napi_callback_info info) {
  napi_value a[5], arr;
  int fd, flags;
  uint8_t* p;
  size_t n;
  long r;
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (gf_args(env, info, 5, a) || arg_fd(env, a[0], &fd) || arg_window(env, a + 1, &p, &n) || arg_i32(env, a[4], &flags))
    return ERR(env);
  memset(&ss, 0, sizeof ss);
  r = GF_RETRY(recvfrom(fd, p, n, flags, (struct sockaddr*)&ss, &len));
  if (r < 0) return gf_num(env, -errno);
  napi_create_array_with_length(env, 2, &arr);
  napi_set_element(env, arr, 0, gf_num(env, (double)r));
  napi_set_element(env, arr, 1, gf_addr_to_js(env, (struct sockaddr*)&ss, len));
  return arr;
}

static napi_value sys_send(napi_env env, napi_callback_info info) {
  napi_value a[5];
  int fd, flags;
  uint8_t* p;
  size_t n;
  if (gf_args(env, info, 5, a) || arg_fd(env, a[0], &fd) || arg_window(env, a + 1, &p, &n) || arg_i32(env, a[4], &flags))
    return ERR(env);
  return result(env, GF_RETRY(GF_SEND(fd, p, n, flags | MSG_NOSIGNAL)));
}

static napi_value sys_sendto(napi_env env, napi_callback_info info) {
  napi_value a[7];
  int fd, flags, fam, r;
  uint8_t* p;
  size_t n;
  struct sockaddr_storage ss;
  socklen_t len;
  if (gf_args(env, info, 7, a) || arg_fd(env, a[0], &fd) || arg_window(env, a + 1, &p, &n) ||
      arg_i32(env, a[4], &flags) || arg_i32(env, a[5], &fam))
    return ERR(env);
  if ((r = gf_addr_from_js(env, fam, a[6], &ss, &len))) return gf_num(env, r);
  return result(env, GF_RETRY(sendto(fd, p, n, flags | MSG_NOSIGNAL, (struct sockaddr*)&ss, len)));
}

static napi_value sys_shutdown(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int fd, how;
  if (gf_args(env, info, 2, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &how)) return ERR(env);
  return result(env, shutdown(fd, how));
}

static napi_value sys_dup(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int fd;
  if (gf_args(env, info, 1, a) || arg_fd(env, a[0], &fd)) return ERR(env);
  return result(env, fcntl(fd, F_DUPFD_CLOEXEC, 0));
}

static napi_value sys_set_nonblocking(napi_env env, napi_callback_info info) {
  napi_value a[2];
  int fd, on, fl;
  if (gf_args(env, info, 2, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &on)) return ERR(env);
  if ((fl = fcntl(fd, F_GETFL)) < 0) return gf_num(env, -errno);
  fl = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
  return result(env, fcntl(fd, F_SETFL, fl));
}

/* getsockopt(fd, level, name) -> [0, int] or [-errno]. */
static napi_value sys_getsockopt_int(napi_env env, napi_callback_info info) {
  napi_value a[3], arr;
  int fd, level, name, value = 0;
  socklen_t len = sizeof value;
  if (gf_args(env, info, 3, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &level) || arg_i32(env, a[2], &name))
    return ERR(env);
  napi_create_array_with_length(env, 2, &arr);
  if (getsockopt(fd, level, name, &value, &len) < 0) {
    napi_set_element(env, arr, 0, gf_num(env, -errno));
    return arr;
  }
  napi_set_element(env, arr, 0, gf_num(env, 0));
  napi_set_element(env, arr, 1, gf_num(env, value));
  return arr;
}

/* getsockoptBytes(fd, level, name, buflen) -> Buffer or -errno. */
static napi_value sys_getsockopt_bytes(napi_env env, napi_callback_info info) {
  napi_value a[4], buf;
  int fd, level, name;
  int64_t cap;
  uint8_t tmp[1024];
  socklen_t len;
  void* out;
  if (gf_args(env, info, 4, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &level) || arg_i32(env, a[2], &name) ||
      gf_arg_int(env, a[3], 1, (int64_t)sizeof tmp, &cap))
    return ERR(env);
  len = (socklen_t)cap;
  memset(tmp, 0, (size_t)cap);
  if (getsockopt(fd, level, name, tmp, &len) < 0) return gf_num(env, -errno);
  /* The kernel writes at most cap bytes; a larger reported length must not expose the rest of tmp. */
  if (len > (socklen_t)cap) len = (socklen_t)cap;
  napi_create_buffer_copy(env, len, tmp, &out, &buf);
  return buf;
}

/* setsockopt(fd, level, name, int | bytes) -> 0 or -errno. */
static napi_value sys_setsockopt(napi_env env, napi_callback_info info) {
  napi_value a[4];
  int fd, level, name, value;
  uint8_t* p;
  size_t n;
  if (gf_args(env, info, 4, a) || arg_fd(env, a[0], &fd) || arg_i32(env, a[1], &level) || arg_i32(env, a[2], &name))
    return ERR(env);
  if (arg_i32(env, a[3], &value) == 0) return result(env, setsockopt(fd, level, name, &value, sizeof value));
  if (gf_arg_bytes(env, a[3], &p, &n) == 0) return result(env, setsockopt(fd, level, name, p, (socklen_t)n));
  return ERR(env);
}

static napi_value name_of(napi_env env, napi_callback_info info, int peer) {
  napi_value a[1];
  int fd, r;
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if (gf_args(env, info, 1, a) || arg_fd(env, a[0], &fd)) return ERR(env);
  memset(&ss, 0, sizeof ss);
  r = peer ? getpeername(fd, (struct sockaddr*)&ss, &len) : getsockname(fd, (struct sockaddr*)&ss, &len);
  if (r < 0) return gf_num(env, -errno);
  if (len == 0 || (ss.ss_family == AF_UNIX && len <= sizeof(sa_family_t))) return gf_str(env, "", 0);
  return gf_addr_to_js(env, (struct sockaddr*)&ss, len);
}

static napi_value sys_getsockname(napi_env env, napi_callback_info info) { return name_of(env, info, 0); }
static napi_value sys_getpeername(napi_env env, napi_callback_info info) { return name_of(env, info, 1); }

#if defined(__APPLE__) || defined(__FreeBSD__)
/* Their sendfile takes the file first, sends only to a stream socket, reads `count` 0 as "to the end",
 * and reports a send that EAGAIN or EINTR cut short in its byte count: made to answer as Linux's. */
static long bsd_sendfile(int out, int in, int64_t off, int64_t cnt) {
  off_t n;
  int r;
  if (cnt == 0) return 0;
  do {
#ifdef __APPLE__
    n = (off_t)cnt;
    r = sendfile(in, out, (off_t)off, &n, NULL, 0);
#else
    n = 0;
    r = sendfile(in, out, (off_t)off, (size_t)cnt, NULL, &n, 0);
#endif
    if (r == 0 || ((errno == EAGAIN || errno == EINTR) && n > 0)) return (long)n;
  } while (errno == EINTR);
  return -errno;
}
#endif

/* sendfile(outFd, inFd, offset, count) -> bytes sent or -errno; -ENOSYS where the OS has no sendfile
 * of these semantics (not Linux, macOS or FreeBSD). */
static napi_value sys_sendfile(napi_env env, napi_callback_info info) {
  napi_value a[4];
  int out, in;
  int64_t off, cnt;
  if (gf_args(env, info, 4, a) || arg_fd(env, a[0], &out) || arg_fd(env, a[1], &in) ||
      gf_arg_int(env, a[2], 0, INT64_C(1) << 53, &off) || gf_arg_int(env, a[3], 0, INT64_C(1) << 53, &cnt))
    return ERR(env);
#if defined(__linux__)
  off_t o = (off_t)off;
  return result(env, GF_RETRY(sendfile(out, in, &o, (size_t)cnt)));
#elif defined(__APPLE__) || defined(__FreeBSD__)
  return gf_num(env, (double)bsd_sendfile(out, in, off, cnt));
#else
  return gf_num(env, -ENOSYS);
#endif
}

static napi_value sys_strerror(napi_env env, napi_callback_info info) {
  napi_value a[1];
  int64_t e;
  if (gf_args(env, info, 1, a) || gf_arg_int(env, a[0], 0, 4095, &e)) return gf_str(env, "Unknown error", 13);
  return gf_str(env, strerror((int)e), NAPI_AUTO_LENGTH);
}

void gf_register_syscalls(napi_env env, napi_value exports) {
  gf_export(env, exports, "socket", sys_socket);
  gf_export(env, exports, "socketpair", sys_socketpair);
  gf_export(env, exports, "bind", sys_bind);
  gf_export(env, exports, "connect", sys_connect);
  gf_export(env, exports, "listen", sys_listen);
  gf_export(env, exports, "accept", sys_accept);
  gf_export(env, exports, "recv", sys_recv);
  gf_export(env, exports, "recvfrom", sys_recvfrom);
  gf_export(env, exports, "setReadSlab", sys_set_read_slab);
  gf_export(env, exports, "recvSlab", sys_recv_slab);
  gf_export(env, exports, "send", sys_send);
  gf_export(env, exports, "sendto", sys_sendto);
  gf_export(env, exports, "shutdown", sys_shutdown);
  gf_export(env, exports, "dup", sys_dup);
  gf_export(env, exports, "setNonblocking", sys_set_nonblocking);
  gf_export(env, exports, "getsockoptInt", sys_getsockopt_int);
  gf_export(env, exports, "getsockoptBytes", sys_getsockopt_bytes);
  gf_export(env, exports, "setsockopt", sys_setsockopt);
  gf_export(env, exports, "getsockname", sys_getsockname);
  gf_export(env, exports, "getpeername", sys_getpeername);
  gf_export(env, exports, "sendfile", sys_sendfile);
  gf_export(env, exports, "strerror", sys_strerror);
}
