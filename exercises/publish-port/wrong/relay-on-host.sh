# A relay on the host instead of destination NAT: a program listens on 8080 and copies each
# connection to c1. The page arrives, but c1 sees the host as its client, not the internet's.
sysctl -w net.ipv4.ip_forward=1
mkfifo /run/relay-8080
setsid sh -c 'while :; do nc -N -l 8080 < /run/relay-8080 | nc -N 172.17.0.2 80 > /run/relay-8080; done' </dev/null >/dev/null 2>&1 &
sleep 0.5
