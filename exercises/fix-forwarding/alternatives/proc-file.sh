# sysctl only writes /proc/sys; writing the file directly is the same.
ip netns exec router sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
