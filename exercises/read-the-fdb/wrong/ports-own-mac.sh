# Takes p1's own address (its permanent entry) for the MAC learned on it.
mac=$(ip -n app -br link show eth0 | awk '{print $3}')
port=$(bridge fdb show br br0 | grep "^$mac " | awk '{print $3}')
own=$(bridge fdb show br br0 brport p1 | grep permanent | head -n1 | awk '{print $1}')
echo "{\"app-port\":\"$port\",\"p1-mac\":\"$own\"}"
