CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE
);

-- A column constraint: nothing indexes author_id.
CREATE TABLE notes (
  id bigserial PRIMARY KEY,
  author_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  body text NOT NULL
);

-- Indexed by an index of its own.
CREATE TABLE sessions (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES accounts (id),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_account_id_idx ON sessions (account_id);

-- Indexed by the composite primary key it leads.
CREATE TABLE memberships (
  account_id bigint NOT NULL REFERENCES accounts (id),
  team_id bigint NOT NULL,
  PRIMARY KEY (account_id, team_id)
);

CREATE TABLE folders (
  id bigserial PRIMARY KEY,
  name text NOT NULL
);

-- A table constraint, added later; and a foreign key to a table nothing deletes from or joins through.
CREATE TABLE documents (
  id bigserial PRIMARY KEY,
  folder_id bigint NOT NULL,
  title text NOT NULL,
  label_id bigint
);
ALTER TABLE documents ADD CONSTRAINT documents_folder_fk FOREIGN KEY (folder_id) REFERENCES folders (id);

CREATE TABLE labels (
  id bigserial PRIMARY KEY,
  name text NOT NULL
);
ALTER TABLE documents ADD CONSTRAINT documents_label_fk FOREIGN KEY (label_id) REFERENCES labels (id);

-- Led by the second column of a composite index: it does not serve the lookup.
CREATE TABLE shares (
  id bigserial PRIMARY KEY,
  folder_id bigint NOT NULL REFERENCES folders (id),
  account_id bigint NOT NULL REFERENCES accounts (id)
);
CREATE INDEX shares_account_folder_idx ON shares (account_id, folder_id);

-- A foreign key dropped again: deleting from the table it referenced checks nothing.
CREATE TABLE archives (
  id bigserial PRIMARY KEY,
  folder_id bigint NOT NULL CONSTRAINT archives_folder_fk REFERENCES folders (id)
);
ALTER TABLE archives DROP CONSTRAINT archives_folder_fk;
