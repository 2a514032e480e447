/*
 * stacklab-agent: answers the host's requests on a serial port (ttyS1), so the
 * graders can read the guest's state without touching the learner's shell on ttyS0.
 *
 * Wire format (all numbers decimal ASCII):
 *   request  "\x02SL1 <kind> <id> <timeout_ms> <ns_len> <body_len> <stdin_len>\n"
 *            followed by <ns> <body> <stdin> bytes
 *     kind X  run <body> with /bin/sh -c, inside network namespace <ns> if given
 *          P  ping: answer at once
 *          T  set the clock: <body> is Unix time in milliseconds
 *          W  terminal size of the learner's console: <body> is "<rows> <cols>"
 *   reply    "\x1eSL1 R <id> <status> <exit> <duration_ms> <out_len> <err_len>\n"
 *            followed by <out> <err> bytes, then "\x1eSL1 E <id>\n"
 *     status ok | timeout | error (the reason is in <err>)
 *   on start "\x1eSL1 H <pid>\n", so the host knows a (re)started agent is listening.
 *
 * Every payload is length-prefixed, so no output can be mistaken for framing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_HEADER 256
#define MAX_FIELD (4 * 1024 * 1024)
#define MAX_CAPTURE (8 * 1024 * 1024)
#define BODY_IDLE_MS 10000
#define DEFAULT_TIMEOUT_MS 30000

static int port = -1;
static int sigchld_pipe[2];

struct buffer {
  char *data;
  size_t len, cap;
  int truncated;
};

static long long now_ms(int clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void buffer_add(struct buffer *b, const char *src, size_t n) {
  if (b->len + n > MAX_CAPTURE) {
    n = MAX_CAPTURE - b->len;
    b->truncated = 1;
  }
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n) cap *= 2;
    char *grown = realloc(b->data, cap);
    if (!grown) { b->truncated = 1; return; }
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, src, n);
  b->len += n;
}

static void buffer_printf(struct buffer *b, const char *fmt, ...) {
  char line[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n > 0) buffer_add(b, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static void write_all(const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(port, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) { struct pollfd pf = {port, POLLOUT, 0}; poll(&pf, 1, 100); continue; }
      return;
    }
    p += w;
    n -= (size_t)w;
  }
}

static void reply(const char *id, const char *status, int code, long long duration,
                  struct buffer *out, struct buffer *err) {
  char head[MAX_HEADER];
  int n = snprintf(head, sizeof head, "\x1eSL1 R %s %s %d %lld %zu %zu\n", id, status, code,
                   duration, out->len, err->len);
  write_all(head, (size_t)n);
  if (out->len) write_all(out->data, out->len);
  if (err->len) write_all(err->data, err->len);
  n = snprintf(head, sizeof head, "\x1eSL1 E %s\n", id);
  write_all(head, (size_t)n);
}

static void reply_error(const char *id, const char *fmt, ...) {
  struct buffer out = {0}, err = {0};
  char message[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  buffer_add(&err, message, strlen(message));
  reply(id, "error", -1, 0, &out, &err);
  free(err.data);
}

/* Reads exactly n bytes from the port; gives up after BODY_IDLE_MS without a byte. */
static int read_exact(char *dst, size_t n) {
  while (n > 0) {
    struct pollfd pf = {port, POLLIN, 0};
    int r = poll(&pf, 1, BODY_IDLE_MS);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return -1;
    ssize_t got = read(port, dst, n);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) return -1;
    dst += got;
    n -= (size_t)got;
  }
  return 0;
}

/* Reads one byte, blocking for as long as it takes (the idle state). */
static int read_byte(void) {
  for (;;) {
    unsigned char c;
    ssize_t got = read(port, &c, 1);
    if (got == 1) return c;
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) {
      struct pollfd pf = {port, POLLIN, 0};
      poll(&pf, 1, -1);
      continue;
    }
    if (got == 0) { usleep(10000); continue; }
    return -1;
  }
}

static int enter_namespace(const char *ns) {
  char path[512];
  if (ns[0] == '/') {
    snprintf(path, sizeof path, "%s", ns);
  } else {
    snprintf(path, sizeof path, "/run/netns/%s", ns);
    if (access(path, F_OK) != 0) snprintf(path, sizeof path, "/run/stacklab/netns/%s", ns);
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    dprintf(2, "stacklab-agent: network namespace '%s' does not exist\n", ns);
    return -1;
  }
  if (setns(fd, CLONE_NEWNET) != 0) {
    dprintf(2, "stacklab-agent: cannot enter namespace '%s': %s\n", ns, strerror(errno));
    return -1;
  }
  close(fd);
  return 0;
}

static void on_sigchld(int sig) {
  (void)sig;
  int saved = errno;
  (void)!write(sigchld_pipe[1], "c", 1);
  errno = saved;
}

static int write_stdin_file(const char *id, const char *data, size_t len, char *path, size_t size) {
  snprintf(path, size, "/run/stacklab/agent-stdin-%s", id);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  while (len > 0) {
    ssize_t w = write(fd, data, len);
    if (w <= 0) { close(fd); return -1; }
    data += w;
    len -= (size_t)w;
  }
  close(fd);
  return 0;
}

static void run_command(const char *id, long timeout_ms, const char *ns, const char *body,
                        const char *input, size_t input_len) {
  int out_pipe[2], err_pipe[2];
  char stdin_path[128] = "/dev/null";
  if (input_len && write_stdin_file(id, input, input_len, stdin_path, sizeof stdin_path) != 0) {
    reply_error(id, "stacklab-agent: cannot store the request's input: %s", strerror(errno));
    return;
  }
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    reply_error(id, "stacklab-agent: pipe: %s", strerror(errno));
    return;
  }
  long long started = now_ms(CLOCK_MONOTONIC);
  pid_t pid = fork();
  if (pid < 0) {
    reply_error(id, "stacklab-agent: fork: %s", strerror(errno));
    close(out_pipe[0]); close(out_pipe[1]); close(err_pipe[0]); close(err_pipe[1]);
    return;
  }
  if (pid == 0) {
    setsid();
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    int in = open(stdin_path, O_RDONLY);
    dup2(in, 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    if (ns[0] && enter_namespace(ns) != 0) _exit(125);
    execl("/bin/sh", "sh", "-c", body, (char *)NULL);
    dprintf(2, "stacklab-agent: cannot run /bin/sh: %s\n", strerror(errno));
    _exit(126);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);

  struct buffer out = {0}, err = {0};
  int status = 0, exited = 0, timed_out = 0;
  int open_fds = 2;
  long long deadline = started + timeout_ms;
  long long drain_until = 0;
  char chunk[16384];

  while (!exited || (open_fds > 0 && now_ms(CLOCK_MONOTONIC) < drain_until)) {
    struct pollfd pf[3] = {
      {out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}, {sigchld_pipe[0], POLLIN, 0}};
    long long now = now_ms(CLOCK_MONOTONIC);
    long long until = exited ? drain_until : deadline;
    int wait_ms = until > now ? (int)(until - now) : 0;
    int r = poll(pf, 3, wait_ms);
    if (r < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; i++) {
      if (pf[i].fd >= 0 && (pf[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        ssize_t got = read(pf[i].fd, chunk, sizeof chunk);
        if (got > 0) {
          buffer_add(i == 0 ? &out : &err, chunk, (size_t)got);
        } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
          close(i == 0 ? out_pipe[0] : err_pipe[0]);
          if (i == 0) out_pipe[0] = -1; else err_pipe[0] = -1;
          open_fds--;
        }
      }
    }
    if (pf[2].revents & POLLIN) {
      char drain[64];
      (void)!read(sigchld_pipe[0], drain, sizeof drain);
    }
    if (!exited && waitpid(pid, &status, WNOHANG) == pid) {
      exited = 1;
      /* Output still in the pipes is read; a background process holding them open is not waited for. */
      drain_until = now_ms(CLOCK_MONOTONIC) + 50;
    }
    if (!exited && now_ms(CLOCK_MONOTONIC) >= deadline) {
      timed_out = 1;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      exited = 1;
      drain_until = now_ms(CLOCK_MONOTONIC) + 50;
    }
  }
  if (out_pipe[0] >= 0) close(out_pipe[0]);
  if (err_pipe[0] >= 0) close(err_pipe[0]);
  if (input_len) unlink(stdin_path);

  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (out.truncated) buffer_printf(&err, "\nstacklab-agent: stdout truncated at %d bytes\n", MAX_CAPTURE);
  if (err.truncated) buffer_printf(&err, "\nstacklab-agent: stderr truncated at %d bytes\n", MAX_CAPTURE);
  if (timed_out) buffer_printf(&err, "\nstacklab-agent: killed after %ld ms\n", timeout_ms);
  reply(id, timed_out ? "timeout" : "ok", code, now_ms(CLOCK_MONOTONIC) - started, &out, &err);
  free(out.data);
  free(err.data);
}

static void set_clock(const char *id, const char *body) {
  long long ms = atoll(body);
  struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};
  struct buffer out = {0}, err = {0};
  if (ms <= 0 || clock_settime(CLOCK_REALTIME, &ts) != 0) {
    reply_error(id, "stacklab-agent: cannot set the clock to '%s'", body);
    return;
  }
  reply(id, "ok", 0, 0, &out, &err);
}

static void set_window(const char *id, const char *body) {
  struct winsize ws = {0};
  unsigned rows = 0, cols = 0;
  struct buffer out = {0}, err = {0};
  if (sscanf(body, "%u %u", &rows, &cols) != 2 || rows == 0 || cols == 0) {
    reply_error(id, "stacklab-agent: window size must be '<rows> <cols>', got '%s'", body);
    return;
  }
  ws.ws_row = (unsigned short)rows;
  ws.ws_col = (unsigned short)cols;
  int fd = open("/dev/ttyS0", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 || ioctl(fd, TIOCSWINSZ, &ws) != 0) {
    reply_error(id, "stacklab-agent: cannot resize /dev/ttyS0: %s", strerror(errno));
    if (fd >= 0) close(fd);
    return;
  }
  close(fd);
  reply(id, "ok", 0, 0, &out, &err);
}

static void serve_request(void) {
  char header[MAX_HEADER];
  size_t n = 0;
  int c;
  while ((c = read_byte()) >= 0 && c != '\n' && n < sizeof header - 1) header[n++] = (char)c;
  header[n] = 0;
  if (c != '\n') return; /* garbage or an over-long line: drop it and wait for the next request */

  char kind = 0, id[64];
  long timeout_ms = 0;
  unsigned long ns_len = 0, body_len = 0, stdin_len = 0;
  if (sscanf(header, "SL1 %c %63s %ld %lu %lu %lu", &kind, id, &timeout_ms, &ns_len, &body_len,
             &stdin_len) != 6) {
    reply_error("-", "stacklab-agent: malformed request header '%s'", header);
    return;
  }
  if (ns_len > 255 || body_len > MAX_FIELD || stdin_len > MAX_FIELD) {
    reply_error(id, "stacklab-agent: request too large (namespace %lu, command %lu, input %lu bytes)",
                ns_len, body_len, stdin_len);
    return;
  }
  char *payload = malloc(ns_len + body_len + stdin_len + 2);
  if (!payload) { reply_error(id, "stacklab-agent: out of memory"); return; }
  if (read_exact(payload, ns_len + body_len + stdin_len) != 0) {
    reply_error(id, "stacklab-agent: the request's body did not arrive whole");
    free(payload);
    return;
  }
  char ns[256];
  memcpy(ns, payload, ns_len);
  ns[ns_len] = 0;
  char *body = malloc(body_len + 1);
  memcpy(body, payload + ns_len, body_len);
  body[body_len] = 0;
  const char *input = payload + ns_len + body_len;
  if (timeout_ms <= 0) timeout_ms = DEFAULT_TIMEOUT_MS;

  struct buffer none = {0};
  switch (kind) {
  case 'X': run_command(id, timeout_ms, ns, body, input, stdin_len); break;
  case 'P': reply(id, "ok", 0, 0, &none, &none); break;
  case 'T': set_clock(id, body); break;
  case 'W': set_window(id, body); break;
  default: reply_error(id, "stacklab-agent: unknown request kind '%c'", kind);
  }
  free(body);
  free(payload);
}

int main(int argc, char **argv) {
  const char *device = argc > 1 ? argv[1] : "/dev/ttyS1";
  port = open(device, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (port < 0) {
    perror(device);
    return 1;
  }
  struct termios tio;
  if (tcgetattr(port, &tio) == 0) {
    cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    cfsetspeed(&tio, B115200);
    tcsetattr(port, TCSANOW, &tio);
  }
  mkdir("/run/stacklab", 0755);
  if (pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return 1;
  struct sigaction sa = {0};
  sa.sa_handler = on_sigchld;
  sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigaction(SIGCHLD, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGHUP, SIG_IGN);

  char hello[64];
  int n = snprintf(hello, sizeof hello, "\x1eSL1 H %d\n", (int)getpid());
  write_all(hello, (size_t)n);

  for (;;) {
    int c = read_byte();
    if (c < 0) return 1;
    if (c == 0x02) serve_request();
  }
}
