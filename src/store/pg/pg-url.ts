/** True for a PostgreSQL connection URL (postgres:// or postgresql://). */
export function isPostgresUrl(s: string): boolean {
  return /^postgres(?:ql)?:\/\/./i.test(s);
}

/** A connection URL with its password replaced by ***, for messages and logs. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}
