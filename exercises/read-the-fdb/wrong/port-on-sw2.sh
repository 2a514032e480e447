# Reads sw2's switch instead of br0: app's MAC is on s-app there, not a port of br0.
mac=$(ip -n app -br link show eth0 | awk '{print $3}')
port=$(bridge -n sw2 fdb show br br1 | grep "^$mac " | awk '{print $3}')
learned=$(bridge fdb show br br0 brport p1 | grep -v permanent | awk '{print $1}')
echo "{\"app-port\":\"$port\",\"p1-mac\":\"$learned\"}"
