# Reads the line of web's MAC instead of app's: the port of another host.
mac=$(ip -n web -br link show eth0 | awk '{print $3}')
port=$(bridge fdb show br br0 | grep "^$mac " | awk '{print $3}')
learned=$(bridge fdb show br br0 brport p1 | grep -v permanent | awk '{print $1}')
echo "{\"app-port\":\"$port\",\"p1-mac\":\"$learned\"}"
