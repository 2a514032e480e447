/** The 404 page's suggestion of the lesson an address most likely meant (src/lib/not-found.ts). */
import { describe, expect, it } from 'vitest';
import { decodedPath, slugOf, suggestSlug } from '../../src/lib/not-found.ts';

const SLUGS = ['bridges', 'routing-between-namespaces', 'namespaces-as-vrfs', 'ipv6', 'veth-pairs'];

describe('the lesson a missing address most likely meant', () => {
  it("is the lesson whose slug starts with the address's last part, or the other way round", () => {
    expect(suggestSlug('/lessons/bridge/', SLUGS)).toBe('bridges');
    expect(suggestSlug('/lessons/routing-between-namespaces-2', SLUGS)).toBe('routing-between-namespaces');
    expect(suggestSlug('/lessons/Veth/', SLUGS)).toBe('veth-pairs');
  });

  it('is none for an address too short or too far from every lesson, or for the lessons folder itself', () => {
    expect(suggestSlug('/lessons/', SLUGS)).toBeUndefined();
    expect(suggestSlug('/lessons/ip/', SLUGS)).toBeUndefined();
    expect(suggestSlug('/lessons/firewalls/', SLUGS)).toBeUndefined();
    expect(suggestSlug('/', SLUGS)).toBeUndefined();
  });

  it('prefers the slug closest in length', () => {
    expect(suggestSlug('/lessons/namespaces/', ['namespaces-as-vrfs', 'namespaces-as-vrfs-and-more'])).toBe('namespaces-as-vrfs');
  });

  it('reads a slug from a lesson link', () => {
    expect(slugOf('/lessons/bridges/')).toBe('bridges');
    expect(slugOf('http://127.0.0.1:4321/lessons/ipv6/')).toBe('ipv6');
  });

  it('decodes an address, and leaves one with malformed escapes as it came', () => {
    expect(decodedPath('/lessons/caf%C3%A9/')).toBe('/lessons/café/');
    expect(decodedPath('/lessons/%E0%A4%A/')).toBe('/lessons/%E0%A4%A/');
  });
});
