/**
 * The hidden outside world (image/overlay/usr/lib/stacklab/world.sh), as the topology view
 * names it. The learner never reads these namespaces, but the host's eth0 and eth1 are veth
 * ends whose peers live there; the world script gives those ends fixed MAC addresses, which
 * identify them wherever the learner moves or renames them.
 *
 * @example worldPeerOf('52:54:00:5c:00:10')?.name // 'isp'
 */
export interface WorldPeer {
  /** The hidden namespace at the other end of the cable. */
  name: string;
  /** One line for the cloud: what the learner reaches through it. */
  summary: string;
  /** Its address on the cable, for the label. */
  address: string;
}

const WORLD_PEERS: Record<string, WorldPeer> = {
  '52:54:00:5c:00:10': { name: 'isp', address: '198.51.100.1/24', summary: 'ISP router; the server 203.0.113.10 is behind it' },
  '52:54:00:5c:01:10': { name: 'labrouter', address: '10.50.0.1/16', summary: 'lab router; farhost 10.51.0.1 is behind it' },
};

/** The world namespace wired to the interface with this MAC address, if it is one of the host's uplinks. */
export function worldPeerOf(mac: string | undefined): WorldPeer | undefined {
  return mac ? WORLD_PEERS[mac.toLowerCase()] : undefined;
}
