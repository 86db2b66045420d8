-- The schema unindexed-sql reads for the ESLint plugin's cases.
CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, team_id integer NOT NULL);
CREATE INDEX users_email ON users (email);
