# VLAN 100 on a second cable of the learner's own between east and west: tagged, and the
# ping works, but nothing crosses the trunk the task names.
ip -n east link add side0 type veth peer name side0 netns west
ip -n east link set side0 up
ip -n west link set side0 up
for side in east:1 west:2; do
  ns=${side%:*}
  ip -n "$ns" link add link side0 name side0.100 type vlan id 100
  ip -n "$ns" addr add "192.168.100.${side#*:}/24" dev side0.100
  ip -n "$ns" link set side0.100 up
done
