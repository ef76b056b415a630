/* raw_epoll_echo: the practical limit for an echo server on this machine, as a baseline for
 * proactor's echo server (scripts/bench-echo.sh, docs/benchmarks.md).
 *
 * One thread, level-triggered epoll, non-blocking sockets: on readability one read() of up
 * to 64 KiB, written straight back. Bytes are echoed as they come, so it serves any framing.
 * A partial write keeps the rest, stops reading that connection and waits for EPOLLOUT, so
 * memory stays bounded by one buffer per slow connection. No framing, no limits, no timeouts:
 * that is the point of a baseline.
 *
 *   raw_epoll_echo [--host 127.0.0.1] [--port 0]     prints "listening on HOST:PORT"
 *
 * SIGINT/SIGTERM exit 0.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { kBufferSize = 64 * 1024, kMaxEvents = 256 };

struct connection {
  int fd;
  char* pending; /* bytes not yet written back, or NULL */
  size_t pending_size;
  size_t pending_offset;
};

static volatile sig_atomic_t stopping = 0;

static void on_signal(int signo)
{
  (void)signo;
  stopping = 1;
}

static void close_connection(int epfd, struct connection* c)
{
  epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  free(c->pending);
  free(c);
}

/* Waits for writability instead of readability (or back). */
static int watch(int epfd, struct connection* c, unsigned events)
{
  struct epoll_event ev = {.events = events, .data.ptr = c};
  return epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Writes what is pending; 0 when all of it left, 1 when some is left, -1 on error. */
static int flush_pending(struct connection* c)
{
  while (c->pending_offset < c->pending_size) {
    const ssize_t n = write(c->fd, c->pending + c->pending_offset, c->pending_size - c->pending_offset);
    if (n < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 1 : -1;
    c->pending_offset += (size_t)n;
  }
  free(c->pending);
  c->pending = NULL;
  return 0;
}

static void on_readable(int epfd, struct connection* c, char* buffer)
{
  const ssize_t got = read(c->fd, buffer, kBufferSize);
  if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
    close_connection(epfd, c);
    return;
  }
  if (got < 0) return;
  const ssize_t put = write(c->fd, buffer, (size_t)got);
  if (put == got) return;
  if (put < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
    close_connection(epfd, c);
    return;
  }
  const size_t done = put < 0 ? 0 : (size_t)put;
  c->pending_size = (size_t)got - done;
  c->pending_offset = 0;
  c->pending = malloc(c->pending_size);
  if (c->pending == NULL) {
    close_connection(epfd, c);
    return;
  }
  memcpy(c->pending, buffer + done, c->pending_size);
  if (watch(epfd, c, EPOLLOUT) != 0) close_connection(epfd, c);
}

static void on_writable(int epfd, struct connection* c)
{
  const int left = flush_pending(c);
  if (left < 0 || (left == 0 && watch(epfd, c, EPOLLIN) != 0)) close_connection(epfd, c);
}

static void accept_all(int epfd, int listener)
{
  for (;;) {
    const int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return; /* EAGAIN, or out of descriptors: try again on the next wakeup */
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct connection* c = calloc(1, sizeof *c);
    if (c == NULL) {
      close(fd);
      continue;
    }
    c->fd = fd;
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
      close(fd);
      free(c);
    }
  }
}

static int usage(const char* message)
{
  fprintf(stderr, "raw_epoll_echo: %s (usage: raw_epoll_echo [--host ADDR] [--port N])\n", message);
  return 2;
}

int main(int argc, char** argv)
{
  const char* host = "127.0.0.1";
  long port = 0;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--host") == 0 && i + 1 < argc) {
      host = argv[++i];
    } else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      char* end = NULL;
      port = strtol(argv[++i], &end, 10);
      if (*end != '\0' || port < 0 || port > 65535) return usage("bad --port");
    } else {
      return usage("unknown argument");
    }
  }
  struct sigaction sa = {.sa_handler = on_signal};
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  if (inet_pton(AF_INET, host, &address.sin_addr) != 1) return usage("bad --host (IPv4 only)");
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (listener < 0 || bind(listener, (struct sockaddr*)&address, sizeof address) != 0 ||
      listen(listener, 4096) != 0) {
    fprintf(stderr, "raw_epoll_echo: cannot listen on %s:%ld: %s\n", host, port, strerror(errno));
    return 1;
  }
  socklen_t length = sizeof address;
  getsockname(listener, (struct sockaddr*)&address, &length);
  printf("listening on %s:%u\n", host, ntohs(address.sin_port));
  fflush(stdout);

  const int epfd = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event listen_event = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(epfd, EPOLL_CTL_ADD, listener, &listen_event);
  static char buffer[kBufferSize];
  struct epoll_event events[kMaxEvents];
  while (!stopping) {
    const int n = epoll_wait(epfd, events, kMaxEvents, -1);
    for (int i = 0; i < n; ++i) {
      struct connection* c = events[i].data.ptr;
      if (c == NULL) {
        accept_all(epfd, listener);
      } else if (events[i].events & EPOLLOUT) {
        on_writable(epfd, c);
      } else {
        on_readable(epfd, c, buffer);
      }
    }
  }
  return 0;
}
