// Placeholder until the libpq backend lands (branch pg).
#include "db/postgres/postgres_db.hpp"

#include <stdexcept>

namespace ec::db::postgres {

std::unique_ptr<database> open(const options&) {
  throw std::runtime_error("PostgreSQL backend not built yet");
}

std::string rewrite_placeholders(std::string_view sql) { return std::string(sql); }

}  // namespace ec::db::postgres
