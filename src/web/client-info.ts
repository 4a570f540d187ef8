/** What the server believes about a request's client, after the reverse proxy's X-Forwarded-* headers. */
export interface ClientInfo {
  /** The client's address (for rate limits and logs). */
  ip: string;
  /** The scheme the browser used: https behind a TLS proxy. */
  proto: 'http' | 'https';
  /** The host the browser asked for (the proxy's public name). */
  host: string;
}

/** True for 127.0.0.0/8 and ::1, also written as IPv4-mapped IPv6. */
export function isLoopback(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.replace(/^::ffff:/i, '');
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

/** The first of a comma-separated header's values, trimmed. */
const first = (v: string | null) => v?.split(',')[0]?.trim() || undefined;

/**
 * The client as seen through a trusted proxy: X-Forwarded-For (its last hop, the one the proxy added),
 * X-Forwarded-Proto and X-Forwarded-Host are believed only from a peer the setting trusts (by default a proxy on
 * this host); otherwise the connection itself and its Host header are used.
 */
export function clientInfo(
  peer: string | undefined,
  headers: Headers,
  trust: 'loopback' | 'all' | 'none',
): ClientInfo {
  const direct: ClientInfo = { ip: peer ?? 'unknown', proto: 'http', host: headers.get('host') ?? '' };
  const trusted = trust === 'all' || (trust === 'loopback' && isLoopback(peer));
  if (!trusted) return direct;
  const hops = headers
    .get('x-forwarded-for')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const proto = first(headers.get('x-forwarded-proto'))?.toLowerCase();
  return {
    ip: hops?.[hops.length - 1] ?? direct.ip,
    proto: proto === 'https' ? 'https' : proto === 'http' ? 'http' : direct.proto,
    host: first(headers.get('x-forwarded-host')) ?? direct.host,
  };
}
