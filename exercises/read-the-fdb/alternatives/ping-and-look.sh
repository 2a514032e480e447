# Make app talk first (an entry can age out), then read br0's table port by port.
ip netns exec app ping -c1 -W2 10.30.0.1 >/dev/null || true
mac=$(ip -n app link show eth0 | awk '/link\/ether/ {print $2}')
for p in p1 p2 p3 p4; do
  bridge fdb show br br0 brport $p | grep -q "^$mac " && port=$p
done
learned=$(bridge fdb show dynamic br br0 brport p1 | awk '{print toupper($1)}')
echo "{\"app-port\":\"dev $port\",\"p1-mac\":\"$learned\"}"
