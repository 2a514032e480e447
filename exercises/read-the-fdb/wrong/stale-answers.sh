# Answers from an earlier set-up: a port and a MAC that were right once, not now.
mac=$(ip -n app -br link show eth0 | awk '{print $3}')
port=$(bridge fdb show br br0 | grep "^$mac " | awk '{print $3}')
for p in p2 p3 p4; do [ "$p" = "$port" ] || stale=$p; done
echo "{\"app-port\":\"$stale\",\"p1-mac\":\"02:5e:11:8a:40:c3\"}"
