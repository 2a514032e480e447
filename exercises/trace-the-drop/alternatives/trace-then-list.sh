# The trace without handles (no -a), then the rule's handle from the ruleset listed with -a.
ip netns exec server nft add table inet trace
ip netns exec server nft add chain inet trace pre '{ type filter hook prerouting priority -350; }'
ip netns exec server nft add rule inet trace pre tcp dport 8080 meta nftrace set 1
ip netns exec server nft monitor trace > /tmp/trace.txt &
sleep 1
ip netns exec client nc -z -w1 10.40.0.1 8080
sleep 1
kill $!
line=$(grep 'verdict drop' /tmp/trace.txt | head -n1)
chain=$(echo "$line" | awk '{print $6}')
text=$(echo "$line" | sed 's/.* rule \(.*\) (verdict drop).*/\1/')
ip netns exec server nft -a list chain inet filter "$chain"
handle=$(ip netns exec server nft -a list chain inet filter "$chain" | grep -F "$text #" | sed 's/.*# handle //')
echo "{\"chain\":\"$chain\",\"handle\":\"handle $handle\"}"
