# Mark the flow for tracing before the filter sees it, watch the tracer, send the flow.
ip netns exec server nft add table inet trace
ip netns exec server nft add chain inet trace pre '{ type filter hook prerouting priority -350; }'
ip netns exec server nft add rule inet trace pre ip saddr 10.40.0.2 tcp dport 8080 meta nftrace set 1
ip netns exec server nft -a monitor trace > /tmp/trace.txt &
sleep 1
ip netns exec client nc -z -w1 10.40.0.1 8080 || echo "no connection, as expected"
sleep 1
kill $!
cat /tmp/trace.txt
# The line with "(verdict drop)": trace id <id> inet filter <chain> rule <rule> # handle <n> (verdict drop)
line=$(grep 'verdict drop' /tmp/trace.txt | head -n1)
chain=$(echo "$line" | awk '{print $6}')
handle=$(echo "$line" | sed 's/.*# handle \([0-9]*\) (verdict drop).*/\1/')
echo "{\"chain\":\"$chain\",\"handle\":\"$handle\"}"
