# Trace from the filter's own input chain: a rule inserted at its top (new rules take new
# handles; the others keep theirs), answered the way nft prints them.
ip netns exec server nft insert rule inet filter input ip saddr 10.40.0.2 meta nftrace set 1
ip netns exec server nft -a monitor trace > /tmp/trace.txt &
sleep 1
ip netns exec client nc -z -w1 10.40.0.1 8080
sleep 1
kill $!
line=$(grep 'verdict drop' /tmp/trace.txt | head -n1)
chain=$(echo "$line" | awk '{print $4, $5, $6}')
handle=$(echo "$line" | sed 's/.*\(# handle [0-9]*\) (verdict drop).*/\1/')
echo "{\"chain\":\"chain $chain\",\"handle\":\"$handle\"}"
