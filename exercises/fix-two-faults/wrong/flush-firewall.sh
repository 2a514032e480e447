# Both symptoms go away, and so does web's policy: telnet on 23 is open to everyone.
ip -n web route add default via 10.0.2.1
ip netns exec web nft flush ruleset
