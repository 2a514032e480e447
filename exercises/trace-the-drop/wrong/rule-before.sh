# Finds the drop with a trace, then answers the handle of the rule listed just above it.
ip netns exec server nft insert rule inet filter input meta nftrace set 1
ip netns exec server timeout 3 nft -a monitor trace > /tmp/trace.txt &
sleep 1; ip netns exec client nc -z -w1 10.40.0.1 8080; wait
set -- $(grep 'verdict drop' /tmp/trace.txt | head -n1)
chain=$6
handle=$(grep 'verdict drop' /tmp/trace.txt | head -n1 | sed 's/.*# handle \([0-9]*\) (verdict drop).*/\1/')
before=$(ip netns exec server nft -a list chain inet filter "$chain" | grep -B1 "# handle $handle\$" | head -n1 | sed 's/.*# handle //')
echo "{\"chain\":\"$chain\",\"handle\":\"$before\"}"
