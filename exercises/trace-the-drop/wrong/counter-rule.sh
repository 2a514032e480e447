# Answers the rule whose counter the flow raised: it counts the flow but lets it go on.
ip netns exec client nc -z -w1 10.40.0.1 8080
handle=$(ip netns exec server nft -a list chain inet filter input | grep 'counter packets [1-9]' | head -n1 | sed 's/.*# handle //')
echo "{\"chain\":\"input\",\"handle\":\"$handle\"}"
