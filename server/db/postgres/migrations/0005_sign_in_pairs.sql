-- Each account-and-address pair's sign-in record, shared by every server: failures since its
-- last good password (its growing delays) and until when (ms since the epoch) a good password
-- exempts it from the account lock and the limits. A logged table, unlike the counters: after
-- a crash the owner's address must still be known, or a guesser could lock the owner out.
CREATE TABLE sign_in_pairs (
  account text NOT NULL,
  address text NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  last bigint NOT NULL DEFAULT 0,
  known_until bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (account, address)
);
