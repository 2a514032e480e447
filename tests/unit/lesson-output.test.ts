import { describe, expect, it } from 'vitest';
import { compareOutput } from '../../src/schemas/lesson-output.ts';

describe('compareOutput', () => {
  it('accepts the same lines with different spacing, and refuses a changed value', () => {
    expect(compareOutput('net.ipv4.ip_forward = 0', 'net.ipv4.ip_forward  =  0\n\n')).toBeNull();
    expect(compareOutput('net.ipv4.ip_forward = 0', 'net.ipv4.ip_forward = 1')).toEqual({ line: 'net.ipv4.ip_forward = 0', at: 1 });
  });

  it('refuses a block that leaves lines out without saying so, and accepts it with ...', () => {
    const output = 'PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.1 ms\n\n--- 10.0.0.2 ping statistics ---';
    const line = '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.5 ms';
    expect(compareOutput(line, output)).not.toBeNull();
    expect(compareOutput(`...\n${line}\n...`, output)).toBeNull();
    expect(compareOutput(`...\n${line}\nno reply\n...`, output)).toEqual({ line: 'no reply', at: 3 });
  });

  it('refuses output left over after the last line', () => {
    expect(compareOutput('a', 'a\nb')).toEqual({ line: null, at: 1 });
  });

  it('lets random MACs differ but keeps which of them are the same', () => {
    const output = 'sw0 UP 2a:00:00:00:00:01\np2 UP 2a:00:00:00:00:01\np1 UP 3e:00:00:00:00:02';
    expect(compareOutput('sw0 UP 36:82:ba:d3:a2:45\np2 UP 36:82:ba:d3:a2:45\np1 UP fe:11:22:33:44:55', output)).toBeNull();
    // The block claims the bridge has p1's MAC; the output says p2's.
    expect(compareOutput('sw0 UP fe:11:22:33:44:55\np2 UP 36:82:ba:d3:a2:45\np1 UP fe:11:22:33:44:55', output)).not.toBeNull();
    // The emulator's fixed MAC is exact.
    expect(compareOutput('eth1 UP 52:54:00:5c:01:10', 'eth1 UP 52:54:00:5c:01:11')).not.toBeNull();
  });

  it('lets timings, pids and the kernel patch level vary, and nothing next to them', () => {
    expect(compareOutput('1: 172.16.1.1 1.239ms', '1: 172.16.1.1 0.621ms')).toBeNull();
    expect(compareOutput('1: 172.16.1.1 1.239ms', '1: 172.16.1.2 0.621ms')).not.toBeNull();
    expect(compareOutput('users:(("httpd",pid=184,fd=3)) ino:414 sk:1', 'users:(("httpd",pid=190,fd=3)) ino:420 sk:a')).toBeNull();
    expect(compareOutput('users:(("httpd",pid=184,fd=3))', 'users:(("httpd",pid=190,fd=4))')).not.toBeNull();
    expect(compareOutput('Ethernet Channel Bonding Driver: v6.1.176', 'Ethernet Channel Bonding Driver: v6.1.192')).toBeNull();
    expect(compareOutput('Ethernet Channel Bonding Driver: v6.1.176', 'Ethernet Channel Bonding Driver: v6.6.1')).not.toBeNull();
  });

  it("lets TCP's buffer maximum vary (the kernel scales it to the memory at boot), not its minimum and start", () => {
    expect(compareOutput('net.ipv4.tcp_rmem = 4096\t131072\t844032', 'net.ipv4.tcp_rmem = 4096\t131072\t844160')).toBeNull();
    expect(compareOutput('net.ipv4.tcp_wmem = 4096\t16384\t844032', 'net.ipv4.tcp_wmem = 4096\t16384\t901120')).toBeNull();
    expect(compareOutput('net.ipv4.tcp_rmem = 4096\t131072\t844032', 'net.ipv4.tcp_rmem = 4096\t87380\t844160')).not.toBeNull();
    expect(compareOutput('net.core.rmem_max = 180224', 'net.core.rmem_max = 212992')).not.toBeNull();
  });

  it('lets a bare pid or ip -s counters vary only where the block is marked so', () => {
    expect(compareOutput('183', '193')).not.toBeNull();
    expect(compareOutput('183', '193', ['pid'])).toBeNull();
    const counters = 'RX: bytes packets errors dropped missed mcast\n1119 12 0 0 0 0';
    expect(compareOutput(counters, 'RX: bytes packets errors dropped missed mcast\n1325 15 0 0 0 0', ['counters'])).toBeNull();
    expect(compareOutput(counters, 'RX: bytes packets errors dropped missed mcast\n1325 15 3 0 0 0', ['counters'])).not.toBeNull();
    expect(compareOutput('ct state established counter packets 21 bytes 1641 accept', 'ct state established counter packets 20 bytes 1589 accept', ['counters'])).toBeNull();
    expect(compareOutput('ct state established counter packets 21 bytes 1641 accept', 'ct state established counter packets 20 bytes 1589 drop', ['counters'])).not.toBeNull();
    expect(compareOutput(' Sent 12356 bytes 10 pkt (dropped 0, overlimits 14 requeues 0)', ' Sent 12426 bytes 11 pkt (dropped 0, overlimits 14 requeues 0)', ['counters'])).toBeNull();
    expect(compareOutput(' Sent 12356 bytes 10 pkt (dropped 0, overlimits 14 requeues 0)', ' Sent 12426 bytes 11 pkt (dropped 0, overlimits 16 requeues 0)', ['counters'])).toBeNull();
    expect(compareOutput(' Sent 12356 bytes 10 pkt (dropped 0, overlimits 14 requeues 0)', ' Sent 12426 bytes 11 pkt (dropped 2, overlimits 16 requeues 0)', ['counters'])).not.toBeNull();
    expect(compareOutput(' Sent 12356 bytes 10 pkt (dropped 0, overlimits 14 requeues 0)', ' Sent 12356 bytes 10 pkt (dropped 0, overlimits 14 requeues 0)', [])).toBeNull();
    expect(compareOutput(' Sent 12356 bytes 10 pkt (dropped 0, overlimits 14 requeues 0)', ' Sent 12356 bytes 10 pkt (dropped 0, overlimits 16 requeues 0)', [])).not.toBeNull();
    expect(compareOutput('1 packet captured\n1 packet received by filter', '1 packet captured\n2 packets received by filter')).toBeNull();
    expect(compareOutput('1 packet captured\n1 packet received by filter', '2 packets captured\n2 packets received by filter')).not.toBeNull();
    expect(() => compareOutput('1', '1', ['pids'])).toThrow(/no such mark; the marks are pid, counters/);
  });

  it('lets neighbour ageing states vary, not FAILED', () => {
    expect(compareOutput('10.50.0.1 dev eth1 lladdr 52:54:00:5c:01:01 REACHABLE', '10.50.0.1 dev eth1 lladdr 52:54:00:5c:01:01 STALE')).toBeNull();
    expect(compareOutput('10.50.0.99 dev eth1 FAILED', '10.50.0.99 dev eth1 INCOMPLETE')).not.toBeNull();
  });
});
