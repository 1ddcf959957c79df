/**
 * Ids are PostgreSQL `integer`s: an id past 2^31 − 1 (a client asking for /items/2147483648)
 * names no row, and must be answered as such, not as an out-of-range error from the query.
 */
export const isKey = (id: number) => Number.isInteger(id) && id >= -2_147_483_648 && id <= 2_147_483_647;
