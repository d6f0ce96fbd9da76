// PostgreSQL backend (libpq): a pool of connections; `?` placeholders are
// rewritten to $n; statements are prepared once per connection.
#pragma once

#include <memory>

#include "db/db.hpp"

namespace ec::db::postgres {

std::unique_ptr<database> open(const options& opts);

// Rewrites `?` placeholders outside quotes to $1, $2, … (exposed for tests).
std::string rewrite_placeholders(std::string_view sql);

}  // namespace ec::db::postgres
