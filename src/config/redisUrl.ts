// The Redis URLs tokenops accepts: one server (`redis://`, `rediss://`, ioredis reads it) or a
// Redis Cluster (`redis+cluster://[user:password@]host:port,host:port`, `rediss+cluster://…`).
const CLUSTER_URL = /^(rediss?)\+cluster:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)\/?$/;

type ClusterUrl = { tls: boolean; username?: string; password?: string; nodes: Array<{ host: string; port: number }> };

/** A cluster URL's parts; undefined for any other URL. */
export function parseClusterUrl(url: string): ClusterUrl | undefined {
  const match = CLUSTER_URL.exec(url);
  if (!match) return undefined;
  const [, scheme, username, password, nodes] = match;
  return {
    tls: scheme === 'rediss',
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
    nodes: nodes!.split(',').map((node) => ({
      host: node.slice(0, node.lastIndexOf(':')),
      port: Number(node.slice(node.lastIndexOf(':') + 1)),
    })),
  };
}

export function isClusterUrl(url: string): boolean {
  const match = CLUSTER_URL.exec(url);
  return Boolean(match && match[4]!.split(',').every((node) => /^[^:,]+:\d{1,5}$/.test(node)));
}
