// Numbered schema migrations, embedded in the binary (server/src/migrations).
//
// Files are named NNNN_name.sql (both backends) or NNNN_name.sqlite.sql /
// NNNN_name.postgres.sql (one backend). Each runs once, in order of NNNN, in
// its own transaction, and is recorded in schema_migrations. DDL tokens let one
// file serve both backends:
//   {{id}}       an auto-increment 64-bit primary key
//   {{c_text}}   TEXT compared byte-wise (prefix ranges on org paths)
// Failure: the failing migration is rolled back and its error returned; later
// ones are not attempted.
#pragma once

#include <string>
#include <vector>

#include "db/db.hpp"

namespace ec::db {

struct migration {
  int version;
  std::string name;
  std::string sql;  // tokens already substituted
};

// The migrations that apply to `d`, in order.
std::vector<migration> migrations_for(dialect d);

// Applies every pending migration; returns the names applied.
result<std::vector<std::string>> migrate(connection& c);

}  // namespace ec::db
