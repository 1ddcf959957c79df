/** What the client fetches at most, in one place (tests read it too). */

/** Features per layer the client holds for a view (a district's layers fit; a city's incidents do not: the panels then say "showing N of M"). */
export const IN_VIEW_LIMIT = 5000;
