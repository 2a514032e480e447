#!/bin/sh
# Three services on the host, each a netcat listener: ssh (22) and http (80), which the
# firewall must let in, and a database (3306), which it must keep out.
for port in 22 80 3306; do
  setsid nc -lk "$port" </dev/null >/dev/null 2>&1 &
done
# Wait until all three listen, so the start state is complete when set-up returns.
for i in 1 2 3 4 5 6 7 8 9 10; do
  [ "$(ss -tlnH | grep -cE ':(22|80|3306) ')" -ge 3 ] && exit 0
  sleep 0.2
done
echo "the listeners did not start" >&2
exit 1
