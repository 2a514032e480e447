# Reads the ruleset instead of tracing: the first rule that mentions 8080 and drop.
line=$(ip netns exec server nft -a list table inet filter | grep -n '8080.*drop' | head -n1)
handle=$(echo "$line" | sed 's/.*# handle //')
chain=$(ip netns exec server nft -a list table inet filter | head -n "${line%%:*}" | grep 'chain ' | tail -n1 | awk '{print $2}')
echo "{\"chain\":\"$chain\",\"handle\":\"$handle\"}"
