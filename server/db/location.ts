/**
 * What a database location names: a postgres:// (or postgresql://) URL selects PostgreSQL, anything
 * else is a SQLite file. The one test of it; free of both drivers, so that a SQLite deployment
 * never loads node-postgres just to ask.
 */
export const isPostgresUrl = (s: string | undefined): s is string => !!s && /^postgres(ql)?:\/\//.test(s);

/** A location fit to print: a URL's password hidden. */
export const withoutPassword = (location: string) => location.replace(/:[^:@/]*@/, ':…@');
