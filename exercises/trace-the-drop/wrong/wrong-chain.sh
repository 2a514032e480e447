# The right handle, but the chain that jumps to it (or the one it jumps to) instead of its own.
ip netns exec server sh -c 'nft add table inet t; nft add chain inet t pre "{ type filter hook prerouting priority -350; }"; nft add rule inet t pre tcp dport 8080 meta nftrace set 1'
ip netns exec server sh -c 'timeout 3 nft -a monitor trace > /tmp/trace.txt' &
sleep 1; ip netns exec client nc -z -w1 10.40.0.1 8080; wait
drop=$(grep -o 'filter [a-z]* rule .* # handle [0-9]* (verdict drop)' /tmp/trace.txt | head -n1)
handle=$(echo "$drop" | awk '{print $(NF-2)}')
case "$drop" in "filter input "*) other=services ;; *) other=input ;; esac
echo "{\"chain\":\"$other\",\"handle\":\"$handle\"}"
