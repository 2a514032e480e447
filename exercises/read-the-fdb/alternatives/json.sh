# The same from the JSON forms, answered the way a switch prints them (dotted, upper case).
mac=$(ip -n app -j link show eth0 | sed 's/.*"address":"\([^"]*\)".*/\1/')
entry=$(bridge -j fdb show br br0 | sed 's/},{/}\n{/g' | grep "\"mac\":\"$mac\"")
port=$(echo "$entry" | sed 's/.*"ifname":"\([^"]*\)".*/\1/')
learned=$(bridge -j fdb show br br0 brport p1 | sed 's/},{/}\n{/g' | grep -v '"state":"permanent"' | sed 's/.*"mac":"\([^"]*\)".*/\1/')
dotted=$(echo "$learned" | tr -d ':' | tr a-f A-F | sed 's/\(....\)\(....\)\(....\)/\1.\2.\3/')
echo "{\"app-port\":\"br0 port $port\",\"p1-mac\":\"$dotted\"}"
