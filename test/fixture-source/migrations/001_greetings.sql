-- The fixture source's one table.
CREATE TABLE greetings (
  id      text PRIMARY KEY,
  text    text NOT NULL,
  upper   text NOT NULL,
  length  int NOT NULL
);
