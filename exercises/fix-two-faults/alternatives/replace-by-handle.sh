# Only the client's subnet needs the way back.
ip -n web route add 10.0.1.0/24 via 10.0.2.1
# Replace the mistyped rule in place, by its handle, so no rule for 8080 is left behind.
handle=$(ip netns exec web nft -a list chain inet filter input | awk '/tcp dport 8080 accept/ { print $NF }')
ip netns exec web nft replace rule inet filter input handle "$handle" tcp dport 80 accept
