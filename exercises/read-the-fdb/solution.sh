# app's MAC, then the port of br0 that learned it.
mac=$(ip -n app -br link show eth0 | awk '{print $3}')
bridge fdb show br br0
port=$(bridge fdb show br br0 | grep "^$mac " | awk '{print $3}')
# What br0 learned on p1: the entry that is not permanent (p1's own address is).
learned=$(bridge fdb show br br0 brport p1 | grep -v permanent | awk '{print $1}')
echo "{\"app-port\":\"$port\",\"p1-mac\":\"$learned\"}"
