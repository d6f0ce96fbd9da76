// SQLite backend: a pool of connections to one file in WAL mode with foreign
// keys on, a busy timeout and synchronous=FULL (a commit is on disk before it
// returns). Prepared statements are cached per connection.
#pragma once

#include <memory>

#include "db/db.hpp"

namespace ec::db::sqlite {

std::unique_ptr<database> open(const options& opts);

}  // namespace ec::db::sqlite
