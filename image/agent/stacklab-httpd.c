/*
 * stacklab-httpd: the remote web server of the guest's hidden outside world.
 * Answers every HTTP request with a short page naming the client's address, and
 * appends one line per request to a log the graders read:
 *   <unix_ms> <source_ip> <source_port> <method> <path>
 * Usage: stacklab-httpd <port> <logfile>
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void handle(int client, struct sockaddr_in *peer, FILE *log) {
  char request[2048];
  size_t len = 0;
  /* Read the request line (a slow or silent client is given two seconds). */
  while (len < sizeof request - 1 && !memchr(request, '\n', len)) {
    struct pollfd pf = {client, POLLIN, 0};
    if (poll(&pf, 1, 2000) <= 0) break;
    ssize_t got = read(client, request + len, sizeof request - 1 - len);
    if (got <= 0) break;
    len += (size_t)got;
  }
  request[len] = 0;
  char method[16] = "-", path[1024] = "-";
  sscanf(request, "%15s %1023s", method, path);

  char source[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &peer->sin_addr, source, sizeof source);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  fprintf(log, "%lld %s %u %s %s\n", (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, source,
          ntohs(peer->sin_port), method, path);
  fflush(log);

  char body[256], response[512];
  int body_len = snprintf(body, sizeof body, "Hello from server.example (203.0.113.10).\nYou came from %s.\n", source);
  int n = snprintf(response, sizeof response,
                   "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
                   body_len, body);
  (void)!write(client, response, (size_t)n);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s <port> <logfile>\n", argv[0]);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  FILE *log = fopen(argv[2], "a");
  if (!log) { perror(argv[2]); return 1; }
  int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int on = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1]))};
  if (bind(server, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(server, 16) != 0) {
    perror("stacklab-httpd");
    return 1;
  }
  for (;;) {
    struct sockaddr_in peer;
    socklen_t peer_len = sizeof peer;
    int client = accept4(server, (struct sockaddr *)&peer, &peer_len, SOCK_CLOEXEC);
    if (client < 0) {
      if (errno == EINTR) continue;
      usleep(10000);
      continue;
    }
    handle(client, &peer, log);
    close(client);
  }
}
