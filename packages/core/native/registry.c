/* The fd registry: exactly one uv_poll_t per fd, shared by all of the fd's
 * watchers and armed with the union of what its waiting watchers want.
 *
 * A watcher is one-shot while waiting: start() arms it, the first matching
 * readiness (or an error) deactivates it and reports its id to JS.
 * The poll stays armed after a wake-up (so a fiber that waits again at once
 * costs no epoll_ctl); bits nobody waits for are dropped the next time they
 * fire, as tokio's readiness cache does. */
#include "gf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/epoll.h>
#endif

#define GF_READ 1
#define GF_WRITE 2

struct gf_fdrec {
  uv_poll_t poll;
  gf_state* st;
  int fd;
  int armed;        /* GF_READ|GF_WRITE mask given to uv_poll_start, 0 when stopped */
  int want_read;    /* active watchers wanting READ */
  int want_write;   /* active watchers wanting WRITE */
  int nwatchers;    /* open watchers */
  int referenced;   /* handle holds the loop open (only while someone waits) */
  int unref;        /* fdRef(fd, false): even a wait on this fd does not hold the loop open */
  int closing;      /* uv_close issued; the record is no longer in its fd slot */
  gf_watcher* head;
};

struct gf_watcher {
  int32_t id;
  int events;
  int active;
  int queued;       /* has wake-ups in the queue or the chunk being delivered */
  gf_fdrec* rec;    /* NULL once the fd was closed under it */
  gf_watcher* prev;
  gf_watcher* next;
};

static int uv_mask(int m) {
  return ((m & GF_READ) ? UV_READABLE : 0) | ((m & GF_WRITE) ? UV_WRITABLE : 0);
}

static int wanted(const gf_fdrec* rec) {
  return (rec->want_read ? GF_READ : 0) | (rec->want_write ? GF_WRITE : 0);
}

/* An fd nobody waits on must not keep the process alive. */
static void update_ref(gf_fdrec* rec) {
  int waiting = (rec->want_read || rec->want_write) && !rec->unref;
  if (waiting && !rec->referenced) { uv_ref((uv_handle_t*)&rec->poll); rec->referenced = 1; }
  else if (!waiting && rec->referenced) { uv_unref((uv_handle_t*)&rec->poll); rec->referenced = 0; }
}

static void poll_cb(uv_poll_t* h, int status, int events);

static int rearm(gf_fdrec* rec, int mask) {
  int r;
  if (mask == rec->armed) return 0;
  r = mask == 0 ? uv_poll_stop(&rec->poll) : uv_poll_start(&rec->poll, uv_mask(mask), poll_cb);
  if (r == 0) rec->armed = mask;
  return r;
}

static void set_active(gf_watcher* w, int on) {
  gf_fdrec* rec = w->rec;
  int d = on ? 1 : -1;
  if (w->active == on) return;
  w->active = on;
  rec->st->active_watchers += d;
  if (w->events & GF_READ) rec->want_read += d;
  if (w->events & GF_WRITE) rec->want_write += d;
}

static gf_fdrec* find_rec(gf_state* st, int64_t fd) {
  return (fd >= 0 && fd < st->fds_cap) ? st->fds[fd] : NULL;
}

static gf_watcher* find_watcher(gf_state* st, int64_t id) {
  return (id > 0 && id < st->next_id) ? st->watchers[id] : NULL;
}

static int grow(void** arr, int32_t* cap, int32_t need, size_t elem) {
  int64_t n = *cap ? *cap : 256;
  void* p;
  while (n <= need) n *= 2;
  if (n > INT32_MAX) n = INT32_MAX;
  if (n == *cap) return 0;
  p = realloc(*arr, elem * (size_t)n);
  if (!p) return -ENOMEM;
  memset((char*)p + elem * (size_t)*cap, 0, elem * (size_t)(n - *cap));
  *arr = p;
  *cap = (int32_t)n;
  return 0;
}

static int32_t alloc_id(gf_state* st, gf_watcher* w) {
  int32_t id;
  if (st->free_count > 0) {
    id = st->free_ids[--st->free_count];
  } else {
    if (st->next_id == 0) st->next_id = 1;
    if (grow((void**)&st->watchers, &st->watchers_cap, st->next_id, sizeof(gf_watcher*))) return -ENOMEM;
    id = st->next_id++;
  }
  st->watchers[id] = w;
  return id;
}

static void free_id(gf_state* st, int32_t id) {
  st->watchers[id] = NULL;
  if (st->free_count >= st->free_cap &&
      grow((void**)&st->free_ids, &st->free_cap, st->free_count, sizeof(int32_t)) != 0)
    return; /* the id is simply not recycled */
  st->free_ids[st->free_count++] = id;
}

/* Only frees memory: the fd was dealt with when the close began, and the record left its slot then
 * (a new poll for the same number may exist by now). At teardown the last one lets node go on. */
static void on_rec_closed(uv_handle_t* h) {
  gf_fdrec* rec = (gf_fdrec*)h;
  gf_state* st = rec->st;
  free(rec);
  st->live_handles--;
  gf_state_unhold(st);
}

/* Takes the record out of service at once: its watchers are detached (their next start is EBADF)
 * and its slot is free for a new poll on the same number. uv_close stops the poll synchronously
 * (uv__poll_stop: uv__io_stop, then uv__platform_invalidate_fd, which on Linux is an immediate
 * EPOLL_CTL_DEL and drops this iteration's pending events for the fd), so once it returns the fd
 * may be closed and its number reused; only the uv_poll_t memory must live until the callback. */
static void close_rec(gf_fdrec* rec) {
  gf_state* st = rec->st;
  gf_watcher* w;
  rec->closing = 1;
  for (w = rec->head; w; w = w->next) {
    set_active(w, 0);
    w->rec = NULL;
  }
  rec->head = NULL;
  if (find_rec(st, rec->fd) == rec) st->fds[rec->fd] = NULL;
  uv_close((uv_handle_t*)&rec->poll, on_rec_closed);
#ifdef __linux__
  /* libuv before 1.49 queued that EPOLL_CTL_DEL on io_uring when the close came from inside its
   * poll phase, to be submitted after our close(2): a file still open elsewhere (a dup) would stay
   * in epoll under a number a new socket may own by then. */
  if (uv_version() < 0x013100) {
    struct epoll_event dummy;
    memset(&dummy, 0, sizeof dummy);
    epoll_ctl(uv_backend_fd(st->loop), EPOLL_CTL_DEL, rec->fd, &dummy);
  }
#endif
}

static int owns(const gf_state* st, int64_t fd) {
  return fd >= 0 && fd < st->owned_cap && st->owned[fd];
}

/* close(2) is not retried on EINTR: Linux has released the fd either way. */
static int close_fd(gf_state* st, int fd) {
  gf_fdrec* rec = find_rec(st, fd);
  if (rec) close_rec(rec);
  if (owns(st, fd)) st->owned[fd] = 0;
  if (close(fd) == 0 || errno == EINTR) return 0;
  return -errno;
}

static int queue_wake(gf_state* st, gf_watcher* w, int err);

/* A fiber woken by a wake-up usually waits again on the same watcher before its delivery returns (a
 * read loop: read, answer, read again). Instead of calling ioStart, JS then marks the pair's errno slot
 * with GF_REARM, and the watcher is armed here, after the call: one call into the addon fewer per wait.
 * A closed watcher's pair was scrubbed to id 0; a failed re-arm reaches the fiber as a wake-up. */
#define GF_REARM 1
static void rearm_marked(gf_state* st, int32_t n) {
  for (int32_t i = 0; i + 1 < n; i += 2) {
    gf_watcher* w;
    int r;
    if (st->chunk[i + 1] != GF_REARM) continue;
    w = find_watcher(st, st->chunk[i]);
    if (!w || w->active) continue;
    if (!w->rec) { queue_wake(st, w, -EBADF); continue; }
    set_active(w, 1);
    r = rearm(w->rec, w->rec->armed | wanted(w->rec));
    if (r) {
      set_active(w, 0);
      queue_wake(st, w, r);
      continue;
    }
    update_ref(w->rec);
  }
}

/* Delivers the queued wake-ups to JS in chunks: one call into JS per loop iteration (per chunk), not
 * one per ready fd, so the per-call cost (async context, microtask checkpoint) is paid once. */
static void flush_cb(uv_check_t* h) {
  gf_state* st = h->data;
  uv_check_stop(h);
  while (st->queue_head < st->queue_len) {
    int32_t n = st->queue_len - st->queue_head;
    napi_handle_scope scope;
    napi_value fn, argv[1];
    if (n > st->chunk_cap) n = st->chunk_cap;
    memcpy(st->chunk, st->queue + st->queue_head, sizeof(int32_t) * (size_t)n);
    st->queue_head += n;
    st->chunk_len = n;
    napi_open_handle_scope(st->env, &scope);
    if (st->wake_cb && napi_get_reference_value(st->env, st->wake_cb, &fn) == napi_ok && fn) {
      napi_create_int32(st->env, n / 2, &argv[0]);
      gf_call_js(st, fn, 1, argv);
    }
    napi_close_handle_scope(st->env, scope);
    rearm_marked(st, n);
    st->chunk_len = 0;
  }
  /* Every id still in the queue is a live watcher (a closed one was scrubbed to 0). */
  for (int32_t i = 0; i < st->queue_len; i += 2) {
    gf_watcher* w = find_watcher(st, st->queue[i]);
    if (w) w->queued = 0;
  }
  st->queue_head = st->queue_len = 0;
}

/* Queues a wake-up for this iteration's flush; 0 or -ENOMEM (the caller leaves the watcher armed). */
static int queue_wake(gf_state* st, gf_watcher* w, int err) {
  if (st->queue_len + 2 > st->queue_cap &&
      grow((void**)&st->queue, &st->queue_cap, st->queue_len + 2, sizeof(int32_t)))
    return -ENOMEM;
  st->queue[st->queue_len++] = w->id;
  st->queue[st->queue_len++] = err;
  w->queued = 1;
  if (!uv_is_active((uv_handle_t*)st->flush)) uv_check_start(st->flush, flush_cb);
  return 0;
}

/* A closed watcher's id may be reused at once: its undelivered wake-ups must not reach the new owner. */
static void unqueue(gf_state* st, gf_watcher* w) {
  if (!w->queued) return;
  for (int32_t i = 0; i < st->queue_len; i += 2)
    if (st->queue[i] == w->id) st->queue[i] = 0;
  for (int32_t i = 0; i < st->chunk_len; i += 2)
    if (st->chunk[i] == w->id) st->chunk[i] = 0;
  w->queued = 0;
}

static void poll_cb(uv_poll_t* h, int status, int events) {
  gf_fdrec* rec = (gf_fdrec*)h;
  gf_state* st = rec->st;
  int err = 0, ready = 0, before;
  gf_watcher* w;

  if (rec->closing) return;
  if (status < 0) {
    /* libuv stops the poll on POLLERR. A socket error (refused, reset) means "ready":
     * the retried syscall reports the real errno. Only a dead fd is an error here. */
    rec->armed = 0;
    if (fcntl(rec->fd, F_GETFD) == -1 && errno == EBADF) err = -EBADF;
    ready = GF_READ | GF_WRITE;
  } else {
    ready = ((events & UV_READABLE) ? GF_READ : 0) | ((events & UV_WRITABLE) ? GF_WRITE : 0);
    if (events & UV_DISCONNECT) ready |= GF_READ;
  }

  before = wanted(rec);
  for (w = rec->head; w; w = w->next) {
    if (!w->active || !(err || (w->events & ready))) continue;
    if (!st->wake_cb || queue_wake(st, w, err) != 0) continue; /* stays armed: wakes on the next event */
    set_active(w, 0);
  }

  if (err) rearm(rec, 0);
  else if (status < 0) rearm(rec, wanted(rec));
  else if (ready & rec->armed & ~before) rearm(rec, rec->armed & ~(ready & ~before));
  update_ref(rec);
}

/* ioOpen(fd, events) -> watcher id > 0, or -errno. */
static napi_value io_open(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value argv[2];
  int64_t fd, events;
  gf_fdrec* rec;
  gf_watcher* w;
  int32_t id;
  if (gf_args(env, info, 2, argv) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd) ||
      gf_arg_int(env, argv[1], 1, 3, &events))
    return gf_num(env, -EINVAL);
  if (fd < 0) return gf_num(env, -EBADF);
  rec = find_rec(st, fd);
  /* A new poll checks the fd itself (uv_poll_init); a known one may have been closed behind our back. */
  if (rec && fcntl((int)fd, F_GETFD) == -1) return gf_num(env, -EBADF);
  if (!rec) {
    int r;
    /* Only an open fd may grow the table (open fds are bounded by RLIMIT_NOFILE); within it,
     * uv_poll_init checks the fd itself. */
    if (fd >= st->fds_cap && fcntl((int)fd, F_GETFD) == -1) return gf_num(env, -EBADF);
    if (grow((void**)&st->fds, &st->fds_cap, (int32_t)fd, sizeof(gf_fdrec*))) return gf_num(env, -ENOMEM);
    rec = calloc(1, sizeof *rec);
    if (!rec) return gf_num(env, -ENOMEM);
    r = uv_poll_init(st->loop, &rec->poll, (int)fd);
    if (r) { free(rec); return gf_num(env, r == UV_EEXIST ? -EEXIST : r); }
    uv_unref((uv_handle_t*)&rec->poll);
    rec->st = st;
    rec->fd = (int)fd;
    st->fds[fd] = rec;
    st->live_handles++;
  }
  w = calloc(1, sizeof *w);
  if (!w) goto nomem;
  id = alloc_id(st, w);
  if (id < 0) { free(w); goto nomem; }
  w->id = id;
  w->events = (int)events;
  w->rec = rec;
  w->next = rec->head;
  if (rec->head) rec->head->prev = w;
  rec->head = w;
  rec->nwatchers++;
  st->live_watchers++;
  return gf_num(env, id);
nomem:
  if (rec->nwatchers == 0) close_rec(rec);
  return gf_num(env, -ENOMEM);
}

/* ioStart(id) -> 0 or -errno: arm the watcher for one wake-up. */
static napi_value io_start(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value argv[1];
  int64_t id;
  gf_watcher* w;
  int r;
  if (gf_args(env, info, 1, argv) || gf_arg_int(env, argv[0], 1, INT32_MAX, &id)) return gf_num(env, -EINVAL);
  w = find_watcher(st, id);
  if (!w) return gf_num(env, -EINVAL);
  if (!w->rec) return gf_num(env, -EBADF);
  if (w->active) return gf_num(env, 0);
  set_active(w, 1);
  r = rearm(w->rec, w->rec->armed | wanted(w->rec));
  if (r) {
    set_active(w, 0);
    return gf_num(env, r);
  }
  update_ref(w->rec);
  return gf_num(env, 0);
}

/* ioStop(id): drop the watcher's interest; the poll disarms lazily. A wake-up already queued for the
 * wait that ends here is dropped too: delivered later in the same flush, it would reach the watcher's
 * next wait (armed natively by then) and end it with nothing left to disarm that interest. */
static napi_value io_stop(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value argv[1];
  int64_t id;
  gf_watcher* w;
  if (gf_args(env, info, 1, argv) || gf_arg_int(env, argv[0], 1, INT32_MAX, &id)) return gf_num(env, -EINVAL);
  w = find_watcher(st, id);
  if (!w) return gf_num(env, -EINVAL);
  if (w->rec && w->active) {
    set_active(w, 0);
    update_ref(w->rec);
  }
  unqueue(st, w);
  return gf_num(env, 0);
}

/* ioClose(id): free the watcher; the fd's poll handle closes with its last watcher. */
static napi_value io_close(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value argv[1];
  int64_t id;
  gf_watcher* w;
  gf_fdrec* rec;
  if (gf_args(env, info, 1, argv) || gf_arg_int(env, argv[0], 1, INT32_MAX, &id)) return gf_num(env, -EINVAL);
  w = find_watcher(st, id);
  if (!w) return gf_num(env, -EINVAL);
  rec = w->rec;
  if (rec) {
    set_active(w, 0);
    if (w->prev) w->prev->next = w->next; else rec->head = w->next;
    if (w->next) w->next->prev = w->prev;
    rec->nwatchers--;
    if (rec->nwatchers == 0) close_rec(rec);
    else update_ref(rec);
  }
  unqueue(st, w);
  free_id(st, w->id);
  st->live_watchers--;
  free(w);
  return gf_num(env, 0);
}

/* fdActive(fd) -> ids of the watchers currently waiting on fd (for notifyClosing). */
static napi_value fd_active(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value argv[1], arr;
  int64_t fd;
  gf_fdrec* rec;
  gf_watcher* w;
  uint32_t i = 0;
  napi_create_array(env, &arr);
  if (gf_args(env, info, 1, argv) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd)) return arr;
  rec = find_rec(st, fd);
  if (!rec || rec->closing) return arr;
  for (w = rec->head; w; w = w->next)
    if (w->active) napi_set_element(env, arr, i++, gf_num(env, w->id));
  return arr;
}

/* fdClose(fd) -> 0 or -errno. The fd is closed before this returns (a listener's port is free, the
 * peer sees EOF), after its poll left epoll; the watchers stay, detached, until their ioClose. */
static napi_value fd_close(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value argv[1];
  int64_t fd;
  if (gf_args(env, info, 1, argv) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd)) return gf_num(env, -EINVAL);
  if (fd < 0) return gf_num(env, -EBADF);
  return gf_num(env, close_fd(st, (int)fd));
}

/* fdOwn(fd) -> 0 or -errno: the fd belongs to this environment (a socket object holds it), which
 * closes it at teardown if it is still open then: a terminated worker leaks no fd. fdClose and
 * fdDisown end the ownership. */
static napi_value fd_own(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value argv[1];
  int64_t fd;
  if (gf_args(env, info, 1, argv) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd)) return gf_num(env, -EINVAL);
  if (fd < 0) return gf_num(env, -EBADF);
  /* Only an open fd may grow the table, so it stays bounded by RLIMIT_NOFILE. */
  if (fcntl((int)fd, F_GETFD) == -1) return gf_num(env, -EBADF);
  if (fd >= st->owned_cap && grow((void**)&st->owned, &st->owned_cap, (int32_t)fd, 1)) return gf_num(env, -ENOMEM);
  st->owned[fd] = 1;
  return gf_num(env, 0);
}

/* fdRef(fd, on) -> 0, -ENOENT when the fd has no poll yet, or -errno: whether a wait on the fd holds
 * the event loop open (net.Socket's ref/unref). Off, a process whose only pending work is such a wait
 * may exit. */
static napi_value fd_ref(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value argv[2];
  int64_t fd, on;
  gf_fdrec* rec;
  if (gf_args(env, info, 2, argv) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd) ||
      gf_arg_int(env, argv[1], 0, 1, &on))
    return gf_num(env, -EINVAL);
  if (fd < 0) return gf_num(env, -EBADF);
  rec = find_rec(st, fd);
  if (!rec) return gf_num(env, -ENOENT);
  rec->unref = !on;
  update_ref(rec);
  return gf_num(env, 0);
}

/* fdDisown(fd) -> 0: the fd is handed over (detach) and no longer closed at teardown. */
static napi_value fd_disown(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value argv[1];
  int64_t fd;
  if (gf_args(env, info, 1, argv) || gf_arg_int(env, argv[0], -1, INT32_MAX, &fd)) return gf_num(env, -EINVAL);
  if (owns(st, fd)) st->owned[fd] = 0;
  return gf_num(env, 0);
}

static void on_flush_closed(uv_handle_t* h) {
  gf_state* st = h->data;
  free(h);
  st->flush_closing = 0;
  gf_state_unhold(st);
}

/* setWakeCallback(fn, chunk): readiness is delivered to fn(count), with `count` (id, errno) pairs
 * written to the Int32Array `chunk` (its length is the most one call carries). */
static napi_value set_wake_callback(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value argv[2];
  napi_valuetype t;
  bool is_ta = false;
  napi_typedarray_type type;
  size_t length = 0;
  void* data = NULL;
  if (gf_args(env, info, 2, argv) || napi_typeof(env, argv[0], &t) != napi_ok || t != napi_function ||
      napi_is_typedarray(env, argv[1], &is_ta) != napi_ok || !is_ta ||
      napi_get_typedarray_info(env, argv[1], &type, &length, &data, NULL, NULL) != napi_ok ||
      type != napi_int32_array || length < 2 || length > INT32_MAX || st->chunk_len > 0)
    return gf_num(env, -EINVAL);
  if (!st->flush) {
    st->flush = calloc(1, sizeof *st->flush);
    if (!st->flush) return gf_num(env, -ENOMEM);
    uv_check_init(st->loop, st->flush);
    uv_unref((uv_handle_t*)st->flush);
    st->flush->data = st;
  }
  if (st->wake_cb) napi_delete_reference(env, st->wake_cb);
  if (st->chunk_ref) napi_delete_reference(env, st->chunk_ref);
  napi_create_reference(env, argv[0], 1, &st->wake_cb);
  napi_create_reference(env, argv[1], 1, &st->chunk_ref);
  st->chunk = data;
  st->chunk_cap = (int32_t)(length & ~(size_t)1);
  return gf_num(env, 0);
}

/* stats() -> { handles, watchers, active }: live counts so tests can prove nothing leaks
 * (handles count until their memory is freed, in the uv_close callback). */
static napi_value stats(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  napi_value o;
  napi_create_object(env, &o);
  napi_set_named_property(env, o, "handles", gf_num(env, (double)st->live_handles));
  napi_set_named_property(env, o, "watchers", gf_num(env, (double)st->live_watchers));
  napi_set_named_property(env, o, "active", gf_num(env, (double)st->active_watchers));
  return o;
}

/* fdOwnedCount() -> how many fds this environment owns (would close at teardown). */
static napi_value fd_owned_count(napi_env env, napi_callback_info info) {
  gf_state* st = gf_state_of(env);
  int64_t n = 0;
  for (int32_t fd = 0; fd < st->owned_cap; fd++) n += st->owned[fd];
  return gf_num(env, (double)n);
}

void gf_register_registry(napi_env env, napi_value exports) {
  gf_export(env, exports, "ioOpen", io_open);
  gf_export(env, exports, "ioStart", io_start);
  gf_export(env, exports, "ioStop", io_stop);
  gf_export(env, exports, "ioClose", io_close);
  gf_export(env, exports, "fdActive", fd_active);
  gf_export(env, exports, "fdClose", fd_close);
  gf_export(env, exports, "fdOwn", fd_own);
  gf_export(env, exports, "fdRef", fd_ref);
  gf_export(env, exports, "fdDisown", fd_disown);
  gf_export(env, exports, "fdOwnedCount", fd_owned_count);
  gf_export(env, exports, "setWakeCallback", set_wake_callback);
  gf_export(env, exports, "stats", stats);
}

/* Environment teardown (a worker ending or terminated, the main thread exiting): close every fd the
 * environment owns and every poll; no JS runs any more. Node runs the loop until the close
 * callbacks are done (see gf_state_unhold), so no handle of ours is open at uv_loop_close. */
void gf_registry_cleanup(gf_state* st) {
  if (st->flush) {
    st->flush_closing = 1;
    uv_close((uv_handle_t*)st->flush, on_flush_closed);
    st->flush = NULL;
  }
  st->queue_head = st->queue_len = 0;
  for (int32_t fd = 0; fd < st->owned_cap; fd++)
    if (st->owned[fd]) close_fd(st, fd);
  /* Polls on fds someone else owns (a Watcher on stdin): only the handle is ours. */
  for (int fd = 0; fd < st->fds_cap; fd++) {
    gf_fdrec* rec = st->fds[fd];
    if (rec) close_rec(rec);
  }
  for (int32_t id = 1; id < st->next_id; id++) {
    if (st->watchers[id]) {
      free(st->watchers[id]);
      st->watchers[id] = NULL;
    }
  }
}
